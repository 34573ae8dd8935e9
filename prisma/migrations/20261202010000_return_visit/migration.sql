-- AlterTable (constant defaults: added in place)
ALTER TABLE "Program" ADD COLUMN "returnVisit" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Shop" ADD COLUMN "returnVisitDiscountId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "returnVisitSyncDue" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ReturnVisit" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firstOrderId" TEXT NOT NULL,
    "eligibleUntil" TEXT NOT NULL,
    "tier" TEXT,
    "status" TEXT NOT NULL,
    "usedOrderId" TEXT,
    "detail" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateIndex
CREATE INDEX "ReturnVisit_status_idx" ON "ReturnVisit"("status");
