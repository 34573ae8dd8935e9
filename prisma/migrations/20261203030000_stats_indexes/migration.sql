-- AlterTable (defaulted: added in place; versions saved before it read the default)
ALTER TABLE "Program" ADD COLUMN "breakageAssumption" INTEGER NOT NULL DEFAULT 20;

-- DropIndex (replaced: the dashboard's sums read points from the index instead of a row per entry)
DROP INDEX "LedgerEntry_shop_kind_occurredAt_idx";

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_kind_occurredAt_points_idx" ON "LedgerEntry"("shop", "kind", "occurredAt", "points");
CREATE INDEX "EarningLot_shop_expiresAt_points_remaining_idx" ON "EarningLot"("shop", "expiresAt", "points", "remaining");
CREATE INDEX "Redemption_shop_orderId_idx" ON "Redemption"("shop", "orderId");
