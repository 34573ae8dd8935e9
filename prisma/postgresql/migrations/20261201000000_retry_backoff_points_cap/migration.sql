-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "maxPointsPerOrder" INTEGER NOT NULL DEFAULT 100000;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_shop_id_nextAttemptAt_idx" ON "WebhookDelivery"("status", "shop", "id", "nextAttemptAt");

