-- AlterTable (nullable: added in place)
ALTER TABLE "Customer" ADD COLUMN "searchName" TEXT;
ALTER TABLE "Customer" ADD COLUMN "displayNameAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "emailAt" DATETIME;

-- CreateIndex: the customer list's keyset pages (newest first within a shop) without sorting the whole shop
CREATE INDEX "Customer_shop_id_idx" ON "Customer"("shop", "id");

-- Backfill: lastActivityAt (added by 20261203000000_panel_customers_imports) is the newest occurredAt of the
-- customer's ledger entries; customers from before it get theirs here (NULL when they have none)
UPDATE "Customer" SET "lastActivityAt" = (SELECT MAX("occurredAt") FROM "LedgerEntry" WHERE "LedgerEntry"."customerId" = "Customer"."id");
