-- AlterTable (nullable: added in place)
ALTER TABLE "ImportRow" ADD COLUMN "problem" TEXT;

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_id_idx" ON "LedgerEntry"("shop", "id");
CREATE INDEX "ImportRow_batchId_outcome_rowNumber_idx" ON "ImportRow"("batchId", "outcome", "rowNumber");
CREATE INDEX "ImportRow_batchId_shopifyId_idx" ON "ImportRow"("batchId", "shopifyId");
