-- AlterTable
ALTER TABLE "Program" ADD COLUMN "redemptionOptions" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN "codeLifetimeDays" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "balanceSyncDue" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "Redemption" (
    "id" SERIAL NOT NULL,
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
    "pointsExpireAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "orderId" TEXT,
    "response" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Redemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
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
