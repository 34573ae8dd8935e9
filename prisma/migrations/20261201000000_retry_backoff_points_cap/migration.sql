-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN "nextAttemptAt" DATETIME;

-- AlterTable (SQLite adds a NOT NULL column with a constant default in place; no table rebuild needed)
ALTER TABLE "Program" ADD COLUMN "maxPointsPerOrder" INTEGER NOT NULL DEFAULT 100000;

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_shop_id_nextAttemptAt_idx" ON "WebhookDelivery"("status", "shop", "id", "nextAttemptAt");
