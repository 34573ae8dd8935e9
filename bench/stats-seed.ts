/**
 * The stats bench's data for one shop, written with the set-based insert the crediting batch uses: customers,
 * ledger rows over the past year, a lot for every entry that adds points (those older than half a year have
 * expired, some unspent: breakage history), an order award for every `earn` (with its total) plus guest orders
 * (repeat buyers among them), and redemptions whose codes orders used (loyalty revenue). The same for the noise
 * shop, so a query that scans other shops' rows shows in the figures.
 */
import type { Database } from '../web/db/client.js';
import { insertRows, type Column } from '../web/db/set-based-sql.js';
import type { DbKind } from './options.js';

const CHUNK = 5_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const KINDS = ['earn', 'earn', 'earn', 'signup', 'redeem', 'redeem_refund', 'reverse_refund', 'adjust'];
const POSITIVE = new Set(['earn', 'signup', 'redeem_refund', 'adjust']);
const GUEST_ORDERS_PER_CHUNK = 500;

const columns = (...list: Array<[string, Column[1]]>): Column[] => list;
const CUSTOMER = columns(
  ['shop', 'text'],
  ['shopifyId', 'text'],
  ['available', 'int'],
  ['pending', 'int'],
  ['createdAt', 'timestamp'],
  ['updatedAt', 'timestamp'],
);
const ENTRY = columns(
  ['shop', 'text'],
  ['customerId', 'int'],
  ['kind', 'text'],
  ['points', 'int'],
  ['orderId', 'text'],
  ['idempotencyKey', 'text'],
  ['occurredAt', 'timestamp'],
  ['createdAt', 'timestamp'],
);
const LOT = columns(
  ['shop', 'text'],
  ['customerId', 'int'],
  ['entryId', 'int'],
  ['points', 'int'],
  ['remaining', 'int'],
  ['availableAt', 'timestamp'],
  ['matured', 'bool'],
  ['expiresAt', 'timestamp'],
);
const AWARD = columns(
  ['shop', 'text'],
  ['orderId', 'text'],
  ['customerId', 'int'],
  ['status', 'text'],
  ['eligibleMicros', 'bigint'],
  ['earnedPoints', 'int'],
  ['taxesIncluded', 'bool'],
  ['includesShipping', 'bool'],
  ['programVersion', 'int'],
  ['occurredAt', 'timestamp'],
  ['createdAt', 'timestamp'],
  ['totalMicros', 'bigint'],
  ['buyerKey', 'text'],
);
const REDEMPTION = columns(
  ['shop', 'text'],
  ['customerId', 'int'],
  ['requestKey', 'text'],
  ['requestHash', 'text'],
  ['optionId', 'text'],
  ['kind', 'text'],
  ['pointsSpent', 'int'],
  ['valueAmount', 'text'],
  ['currencyCode', 'text'],
  ['code', 'text'],
  ['status', 'text'],
  ['expiresAt', 'timestamp'],
  ['orderId', 'text'],
);

/** Writes the shop's rows: `entries` ledger rows (and the lots, awards, redemptions that go with them). */
export async function seedStatsShop(
  db: Database,
  kind: DbKind,
  opts: { shop: string; customers: number; entries: number; now: number },
): Promise<void> {
  const { shop, now } = opts;
  const insert = <R = never>(table: string, cols: Column[], rows: unknown[][], returning?: string[]) =>
    db.$transaction((tx) =>
      insertRows<R>(tx, kind, { table, columns: cols, ...(returning && { returning }) }, rows),
    );
  const customerRows = Array.from({ length: opts.customers }, (_, i) => [
    shop,
    String(1000 + i),
    500,
    0,
    new Date(now),
    new Date(now),
  ]);
  const customerIds = (await insert<{ id: number | bigint }>('Customer', CUSTOMER, customerRows, ['id'])).map(
    (row) => Number(row.id),
  );

  for (let start = 0; start < opts.entries; start += CHUNK) {
    const entries = Array.from({ length: Math.min(CHUNK, opts.entries - start) }, (_, i) => {
      const n = start + i;
      const entryKind = KINDS[n % KINDS.length]!;
      const sign = entryKind === 'redeem' || entryKind === 'reverse_refund' ? -1 : 1;
      // steps of a prime number of seconds, wrapped: spread evenly over the past year
      const at = new Date(now - ((n * 7_919_000) % YEAR_MS));
      const customerId = customerIds[n % customerIds.length]!;
      const orderId = entryKind === 'earn' ? `${shop}:order:${n}` : null;
      return { n, entryKind, points: sign * (10 + (n % 90)), at, customerId, orderId };
    });
    const ids = await insert<{ id: number | bigint }>(
      'LedgerEntry',
      ENTRY,
      entries.map((e) => [shop, e.customerId, e.entryKind, e.points, e.orderId, `bench:${e.n}`, e.at, e.at]),
      ['id'],
    );
    const lots = entries.flatMap((e, i) =>
      POSITIVE.has(e.entryKind)
        ? [
            [
              shop,
              e.customerId,
              Number(ids[i]!.id),
              e.points,
              e.n % 3 === 0 ? e.points : 0, // a third left unspent
              e.at,
              true,
              new Date(e.at.getTime() + YEAR_MS / 2),
            ],
          ]
        : [],
    );
    await insert('EarningLot', LOT, lots);
    const award = (
      orderId: string,
      customerId: number | null,
      at: Date,
      n: number,
      buyerKey: string | null,
    ) => [
      shop,
      orderId,
      customerId,
      customerId === null ? 'skipped_guest' : 'earned',
      BigInt(20 + (n % 200)) * 1_000_000n,
      customerId === null ? 0 : 20 + (n % 200),
      false,
      false,
      1,
      at,
      at,
      BigInt(25 + (n % 200)) * 1_000_000n + 990_000n,
      buyerKey,
    ];
    const members = entries.flatMap((e) =>
      e.orderId ? [award(e.orderId, e.customerId, e.at, e.n, null)] : [],
    );
    const guests = Array.from({ length: GUEST_ORDERS_PER_CHUNK }, (_, i) => {
      const n = start + i;
      const at = new Date(now - ((n * 104_729_000) % YEAR_MS));
      // about 1,000 guest buyers: many come back
      return award(`${shop}:guest:${n}`, null, at, n, `guest-${(n * 31) % 1000}`);
    });
    await insert('OrderAward', AWARD, [...members, ...guests]);
    // every fifth member order used a loyalty code
    const redemptions = entries
      .filter((e) => e.orderId && e.n % 5 === 0)
      .map((e) => [
        shop,
        e.customerId,
        `key-${e.n}`,
        '["five-off",null]',
        'five-off',
        'fixed_amount',
        500,
        '5.00',
        'EUR',
        `LOYAL-${shop}-${e.n}`,
        'used',
        new Date(now + 30 * DAY_MS),
        e.orderId,
      ]);
    await insert('Redemption', REDEMPTION, redemptions);
  }
}
