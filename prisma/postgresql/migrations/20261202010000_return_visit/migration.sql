-- AlterTable
ALTER TABLE "Program" ADD COLUMN "returnVisit" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "returnVisitDiscountId" TEXT,
ADD COLUMN "returnVisitSyncDue" BOOLEAN NOT NULL DEFAULT true;

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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnVisit_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateIndex
CREATE INDEX "ReturnVisit_status_idx" ON "ReturnVisit"("status");
