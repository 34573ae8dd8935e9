-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "currency" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME
);

-- CreateTable
CREATE TABLE "Program" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "earnRate" TEXT NOT NULL,
    "pointValue" TEXT NOT NULL,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "pendingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryMonths" INTEGER NOT NULL DEFAULT 0,
    "signupBonus" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "tier" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "redactedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "orderId" TEXT,
    "refundId" TEXT,
    "redemptionId" TEXT,
    "adjustmentId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "programVersion" INTEGER,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EarningLot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "availableAt" DATETIME NOT NULL,
    "matured" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" DATETIME
);

-- CreateTable
CREATE TABLE "OrderAward" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" INTEGER,
    "status" TEXT NOT NULL,
    "eligibleMicros" BIGINT NOT NULL,
    "earnedPoints" INTEGER NOT NULL,
    "earnEntryId" INTEGER,
    "reversedPoints" INTEGER NOT NULL DEFAULT 0,
    "refundedMicros" BIGINT NOT NULL DEFAULT 0,
    "taxesIncluded" BOOLEAN NOT NULL,
    "includesShipping" BOOLEAN NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "programVersion" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "PendingReversal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "refundId" TEXT,
    "facts" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "appliedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "payload" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "requestId" TEXT,
    "export" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Program_shop_version_key" ON "Program"("shop", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_shop_shopifyId_key" ON "Customer"("shop", "shopifyId");

-- CreateIndex
CREATE INDEX "LedgerEntry_customerId_id_idx" ON "LedgerEntry"("customerId", "id");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_orderId_idx" ON "LedgerEntry"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_shop_idempotencyKey_key" ON "LedgerEntry"("shop", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "EarningLot_entryId_key" ON "EarningLot"("entryId");

-- CreateIndex
CREATE INDEX "EarningLot_customerId_matured_availableAt_idx" ON "EarningLot"("customerId", "matured", "availableAt");

-- CreateIndex
CREATE UNIQUE INDEX "PendingReversal_shop_orderId_sourceKey_key" ON "PendingReversal"("shop", "orderId", "sourceKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_id_idx" ON "WebhookDelivery"("status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_dedupeKey_key" ON "WebhookDelivery"("shop", "dedupeKey");

-- CreateIndex
CREATE INDEX "DataRequest_shop_customerId_idx" ON "DataRequest"("shop", "customerId");

