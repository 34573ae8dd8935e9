-- DropIndex
DROP INDEX "WebhookDelivery_status_id_idx";

