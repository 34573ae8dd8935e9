/** The CSV exports' columns (GET /api/exports/balances.csv and ledger.csv), in order. */
export const BALANCE_COLUMNS = [
  'customer_id',
  'email',
  'name',
  'available',
  'pending',
  'tier',
  'last_activity_at',
] as const;

export const LEDGER_COLUMNS = [
  'entry_id',
  'customer_id',
  'kind',
  'points',
  'occurred_at',
  'order_id',
  'refund_id',
  'redemption_id',
  'adjustment_id',
  'program_version',
  'idempotency_key',
] as const;

export type CsvRow<Columns extends readonly string[]> = Record<Columns[number], string>;

export interface BalanceFacts {
  shopifyId: string;
  email: string | null;
  displayName: string | null;
  available: number;
  pending: number;
  tier: string | null;
  lastActivityAt: Date | null;
}

export interface LedgerFacts {
  id: number;
  shopifyId: string;
  kind: string;
  points: number;
  occurredAt: Date;
  orderId: string | null;
  refundId: string | null;
  redemptionId: string | null;
  adjustmentId: string | null;
  programVersion: number | null;
  idempotencyKey: string;
}

export function balanceRow(customer: BalanceFacts): CsvRow<typeof BALANCE_COLUMNS> {
  return {
    customer_id: customer.shopifyId,
    email: spreadsheetSafe(customer.email ?? ''),
    name: spreadsheetSafe(customer.displayName ?? ''),
    available: String(customer.available),
    pending: String(customer.pending),
    tier: spreadsheetSafe(customer.tier ?? ''),
    last_activity_at: customer.lastActivityAt?.toISOString() ?? '',
  };
}

export function ledgerRow(entry: LedgerFacts): CsvRow<typeof LEDGER_COLUMNS> {
  return {
    entry_id: String(entry.id),
    customer_id: entry.shopifyId,
    kind: entry.kind,
    points: String(entry.points),
    occurred_at: entry.occurredAt.toISOString(),
    order_id: entry.orderId ?? '',
    refund_id: entry.refundId ?? '',
    redemption_id: entry.redemptionId ?? '',
    adjustment_id: entry.adjustmentId ?? '',
    program_version: entry.programVersion === null ? '' : String(entry.programVersion),
    // built by the app with a fixed prefix (web/loyalty/ledger-keys.ts), so never a formula
    idempotency_key: entry.idempotencyKey,
  };
}

/**
 * Text that customers or other apps chose (names, e-mails, tiers) must not run as a formula when the merchant
 * opens the file in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front
 * (OWASP's advice for CSV injection). Numbers are written by the app and left alone.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
