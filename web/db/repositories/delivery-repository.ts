import { SqlParams, updateRows } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';

export interface IncomingDelivery {
  shop: string;
  dedupeKey: string;
  topic: string;
  webhookId: string;
  payload: string;
}

/**
 * An incoming delivery as the webhook route hands it over: with the payload's UTF-8 bytes too, when they are a
 * buffer of their own that nothing else reads any more. The SQLite writer then moves them to its thread without
 * a copy (inbox-writer.ts); they are detached from this thread afterwards.
 */
export interface ReceivedDelivery extends IncomingDelivery {
  payloadBytes?: Uint8Array;
}

export interface PendingDelivery extends IncomingDelivery {
  id: number;
  attempts: number;
}

export type DeliveryOutcome = 'processed' | 'skipped' | 'deferred';
export type DeliveryStatus = 'pending' | DeliveryOutcome | 'failed';

export interface CompletedDelivery {
  id: number;
  outcome: DeliveryOutcome;
  detail: string;
}

/**
 * Payload bytes one read of due deliveries returns at most (see `due`). octet_length, not length: on PostgreSQL
 * it reads the stored size without decompressing the (TOASTed) payload; length() decompressed every one.
 */
export const DUE_BATCH_BYTES = 16_000_000;

export function createDeliveryRepository(tx: Tx, kind: DbKind) {
  const isDue = (params: SqlParams, now: Date, t: string) =>
    `${t}."status" = 'pending' AND (${t}."nextAttemptAt" IS NULL OR ${t}."nextAttemptAt" <= ${params.add(now)})`;
  return {
    /**
     * Up to `limit` pending deliveries whose time has come, fair across shops: every shop's oldest delivery comes
     * before any shop's second, so one shop's backlog of thousands never holds another shop's single delivery
     * back. Within a shop, arrival order. Payloads of at most DUE_BATCH_BYTES together (always at least one
     * delivery), so a batch of large orders stays within memory.
     */
    async due(limit: number, now: Date): Promise<PendingDelivery[]> {
      const params = new SqlParams(kind);
      // A shop can contribute at most `limit` rows, so only each shop's first `limit` due ids are read from the
      // covering index and numbered into turns: about `limit` rows per shop with pending deliveries, not the whole
      // backlog (numbering all 30,000 pending rows of a one-shop burst took 33 ms on SQLite's synchronous driver,
      // this read 1.4 ms, for a batch of 16). The shops are found by a loose index scan, one index seek each:
      // https://wiki.postgresql.org/wiki/Loose_indexscan (the same SQL runs on SQLite).
      const shops = `WITH RECURSIVE "shops" ("shop") AS (
          SELECT MIN("shop") FROM "WebhookDelivery" WHERE "status" = 'pending'
          UNION ALL
          SELECT (SELECT MIN(w."shop") FROM "WebhookDelivery" AS w WHERE w."status" = 'pending' AND w."shop" > s."shop")
          FROM "shops" AS s WHERE s."shop" IS NOT NULL
        )`;
      const firstOfShop = (columns: string) =>
        `SELECT ${columns} FROM "WebhookDelivery" AS w WHERE w."shop" = s."shop" AND ${isDue(params, now, 'w')}
         ORDER BY w."id" LIMIT ${params.add(limit)}`;
      // PostgreSQL takes each shop's ids with LATERAL; SQLite has no LATERAL and looks them up by rowid instead.
      const candidates =
        kind === 'postgresql'
          ? `"shops" AS s CROSS JOIN LATERAL (${firstOfShop('w."id", w."shop"')}) AS c WHERE s."shop" IS NOT NULL`
          : `"shops" AS s JOIN "WebhookDelivery" AS c ON c."id" IN (${firstOfShop('w."id"')}) WHERE s."shop" IS NOT NULL`;
      // The turns are numbered over (shop, id) alone; payloads are read only for the rows picked.
      const rows = await tx.$queryRawUnsafe<Array<PendingDelivery & { payload: string | null }>>(
        `${shops}
         SELECT "id", "shop", "dedupeKey", "topic", "webhookId", "payload", "attempts" FROM (
           SELECT d."id", d."shop", d."dedupeKey", d."topic", d."webhookId", d."payload", d."attempts",
             pick."turn", SUM(COALESCE(octet_length(d."payload"), 0)) OVER (ORDER BY pick."turn", pick."id")
               - COALESCE(octet_length(d."payload"), 0) AS "bytesBefore"
           FROM (
             SELECT c."id", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."id") AS "turn"
             FROM ${candidates}
             ORDER BY "turn", c."id" LIMIT ${params.add(limit)}
           ) AS pick JOIN "WebhookDelivery" AS d ON d."id" = pick."id"
         ) AS picked WHERE "bytesBefore" < ${params.add(DUE_BATCH_BYTES)} ORDER BY "turn", "id"`,
        ...params.values,
      );
      return rows.map((row) => ({
        ...row,
        id: Number(row.id),
        attempts: Number(row.attempts),
        payload: row.payload ?? 'null',
      }));
    },

    /**
     * Takes pending deliveries for this transaction and counts the attempt; returns the ids taken. PostgreSQL:
     * rows another process is working on are skipped, not waited for (it will complete them).
     */
    async claimMany(ids: readonly number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const params = new SqlParams(kind);
      const listed = params.in('"id"', ids, 'int');
      const target =
        kind === 'postgresql'
          ? `"id" IN (SELECT "id" FROM "WebhookDelivery" WHERE ${listed} AND "status" = 'pending' ORDER BY "id" FOR UPDATE SKIP LOCKED)`
          : `${listed} AND "status" = 'pending'`;
      const rows = await tx.$queryRawUnsafe<Array<{ id: number | bigint }>>(
        `UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1 WHERE ${target} RETURNING "id"`,
        ...params.values,
      );
      return new Set(rows.map((row) => Number(row.id)));
    },

    /**
     * Takes one pending delivery for this transaction. On PostgreSQL the UPDATE locks the row, so a second process
     * waits and then finds it no longer pending; returns false when someone else processed it.
     */
    async claim(id: number): Promise<boolean> {
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id, status: 'pending' },
        data: { attempts: { increment: 1 } },
      });
      return count === 1;
    },

    /**
     * Records outcomes and drops the payloads: nothing personal is kept longer than needed. Rows a flow deleted
     * meanwhile (shop/redact deletes every delivery of the shop) are simply not matched.
     */
    async completeMany(deliveries: readonly CompletedDelivery[], at: Date): Promise<void> {
      await updateRows(
        tx,
        kind,
        {
          table: 'WebhookDelivery',
          keys: [['id', 'int']],
          columns: [
            ['status', 'text'],
            ['detail', 'text'],
          ],
          constants: { processedAt: at, payload: null, nextAttemptAt: null },
        },
        deliveries.map((d) => [d.id, d.outcome, d.detail]),
      );
    },

    async complete(id: number, outcome: DeliveryOutcome, detail: string, at: Date): Promise<void> {
      await tx.webhookDelivery.updateMany({
        where: { id },
        data: { status: outcome, detail, processedAt: at, payload: null, nextAttemptAt: null },
      });
    },

    /**
     * A failed attempt: not tried again before `retryAt`, or parked as failed (kept, with its payload) when
     * `retryAt` is null. `counted`: the attempt was already counted by a claim that commits with this. Only while
     * still pending: another process may have processed it meanwhile, and that outcome stands.
     */
    async recordFailure(
      id: number,
      failure: { error: string; retryAt: Date | null; counted: boolean },
    ): Promise<void> {
      await tx.webhookDelivery.updateMany({
        where: { id, status: 'pending' },
        data: {
          ...(!failure.counted && { attempts: { increment: 1 } }),
          detail: failure.error.slice(0, 1000),
          nextAttemptAt: failure.retryAt,
          ...(failure.retryAt === null && { status: 'failed' }),
        },
      });
    },

    /**
     * Per shop, the newest pending delivery that is due now (readers wait until processing has attempted it;
     * one waiting for its retry time has been attempted already). One shop, or every shop.
     */
    async dueTargets(now: Date, shop?: string): Promise<Map<string, number>> {
      const rows = await tx.webhookDelivery.groupBy({
        by: ['shop'],
        where: {
          status: 'pending',
          ...(shop !== undefined && { shop }),
          OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
        },
        _max: { id: true },
      });
      return new Map(rows.map((row) => [row.shop, row._max.id ?? 0]));
    },

    /** When the next delivery waiting for a retry becomes due, or null when none waits. */
    async nextRetryAt(): Promise<Date | null> {
      const row = await tx.webhookDelivery.findFirst({
        where: { status: 'pending', nextAttemptAt: { not: null } },
        orderBy: { nextAttemptAt: 'asc' },
        select: { nextAttemptAt: true },
      });
      return row?.nextAttemptAt ?? null;
    },

    async pendingCount(shop?: string): Promise<number> {
      return tx.webhookDelivery.count({ where: { status: 'pending', ...(shop !== undefined && { shop }) } });
    },

    async status(
      shop: string,
      dedupeKey: string,
    ): Promise<{ status: DeliveryStatus; detail: string | null } | null> {
      const row = await tx.webhookDelivery.findUnique({
        where: { shop_dedupeKey: { shop, dedupeKey } },
        select: { status: true, detail: true },
      });
      return row && { status: row.status as DeliveryStatus, detail: row.detail };
    },

    async count(shop: string): Promise<number> {
      return tx.webhookDelivery.count({ where: { shop } });
    },
  };
}

export { shopKey as deliveryKey } from '../shop-key.js';
