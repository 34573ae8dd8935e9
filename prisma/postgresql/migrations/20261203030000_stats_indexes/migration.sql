-- AlterTable
ALTER TABLE "Program" ADD COLUMN "breakageAssumption" INTEGER NOT NULL DEFAULT 20;

-- DropIndex
DROP INDEX "LedgerEntry_shop_kind_occurredAt_idx";

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_kind_occurredAt_points_idx" ON "LedgerEntry"("shop", "kind", "occurredAt", "points");

-- CreateIndex
CREATE INDEX "EarningLot_shop_expiresAt_points_remaining_idx" ON "EarningLot"("shop", "expiresAt", "points", "remaining");

-- CreateIndex
CREATE INDEX "Redemption_shop_orderId_idx" ON "Redemption"("shop", "orderId");
