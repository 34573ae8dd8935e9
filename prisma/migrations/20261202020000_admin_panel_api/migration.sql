-- AlterTable (nullable: added in place)
ALTER TABLE "Program" ADD COLUMN "changedBy" TEXT;

-- CreateTable
CREATE TABLE "Adjustment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "staffUserId" TEXT,
    "requestKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "response" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Adjustment_shop_customerId_requestKey_key" ON "Adjustment"("shop", "customerId", "requestKey");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_kind_occurredAt_idx" ON "LedgerEntry"("shop", "kind", "occurredAt");
