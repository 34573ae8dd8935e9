-- AlterTable (constant defaults: SQLite adds these in place, no table rebuild)
ALTER TABLE "Program" ADD COLUMN "redemptionOptions" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Program" ADD COLUMN "codeLifetimeDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "Customer" ADD COLUMN "balanceSyncDue" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "Redemption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "requestKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "optionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pointsSpent" INTEGER NOT NULL,
    "valueAmount" TEXT,
    "currencyCode" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "shopifyDiscountId" TEXT,
    "pointsExpireAt" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "orderId" TEXT,
    "response" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Customer_balanceSyncDue_id_idx" ON "Customer"("balanceSyncDue", "id");

-- CreateIndex
CREATE INDEX "Redemption_status_expiresAt_idx" ON "Redemption"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Redemption_customerId_status_idx" ON "Redemption"("customerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_customerId_requestKey_key" ON "Redemption"("shop", "customerId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_code_key" ON "Redemption"("shop", "code");
