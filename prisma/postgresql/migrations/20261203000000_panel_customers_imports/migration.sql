-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "displayName" TEXT;
ALTER TABLE "Customer" ADD COLUMN "email" TEXT;
ALTER TABLE "Customer" ADD COLUMN "lastActivityAt" TIMESTAMP(3);
ALTER TABLE "OrderAward" ADD COLUMN "totalMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "OrderAward" ADD COLUMN "buyerKey" TEXT;

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "fileName" TEXT,
    "status" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "validRows" INTEGER NOT NULL,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "importedRows" INTEGER NOT NULL DEFAULT 0,
    "skippedRows" INTEGER NOT NULL DEFAULT 0,
    "staffUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRow" (
    "batchId" INTEGER NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "shopifyId" TEXT,
    "email" TEXT,
    "points" INTEGER NOT NULL,
    "tier" TEXT,
    "outcome" TEXT,

    CONSTRAINT "ImportRow_pkey" PRIMARY KEY ("batchId", "rowNumber")
);

-- CreateIndex
CREATE INDEX "Customer_shop_email_idx" ON "Customer"("shop", "email");
CREATE INDEX "OrderAward_shop_occurredAt_idx" ON "OrderAward"("shop", "occurredAt");
CREATE INDEX "OrderAward_shop_buyerKey_idx" ON "OrderAward"("shop", "buyerKey");
CREATE UNIQUE INDEX "ImportBatch_shop_fileHash_key" ON "ImportBatch"("shop", "fileHash");
CREATE INDEX "ImportBatch_status_id_idx" ON "ImportBatch"("status", "id");
