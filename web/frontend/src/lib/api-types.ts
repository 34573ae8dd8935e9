/**
 * The admin API's answers as the panel reads them (docs/design.md 4.2). Fields the server may not send yet are
 * optional, and the pages show "—" for them.
 */
export interface Money {
  amount: string;
  currencyCode: string;
}

export interface Stats {
  from: string;
  to: string;
  members: number;
  points: { issued: number; redeemed: number; expired: number; outstanding: number };
  liability: Money;
  redemptionRate: number;
  pointValue?: string;
  currencyCode?: string;
  breakage?: { rate: number; basis: 'history' | 'assumption' };
  provision?: Money;
  repeatPurchaseRate?: { members: number | null; guests: number | null };
  loyaltyRevenue?: Money & { orders: number };
  series?: Array<{ date: string; issued: number; redeemed: number; expired: number }>;
}

export interface Balance {
  available: number;
  pending: number;
}

export interface CustomerSummary {
  id: number | string;
  displayName?: string | null;
  email?: string | null;
  balance: Balance;
  tier: string | null;
  lastActivityAt?: string | null;
}

export interface LedgerEntry {
  id: number;
  kind: string;
  points: number;
  balanceAfter?: number | null;
  occurredAt: string;
  createdAt: string;
  orderId: string | null;
  orderAdminUrl?: string | null;
  refundId: string | null;
  redemptionId: number | null;
  adjustmentId: number | null;
  reason?: string | null;
  programVersion?: number | null;
}

export interface CustomerDetail extends CustomerSummary {
  entries: LedgerEntry[];
  nextCursor?: string | number | null;
}

export interface ProblemRow {
  row: number;
  message: string;
}

export interface ImportCheck {
  dryRun: true;
  fileHash: string;
  totalRows: number;
  validRows: number;
  problems: ProblemRow[];
  problemCount?: number;
}

export interface ImportView {
  id: number | string;
  status: 'ready' | 'running' | 'done' | 'failed';
  fileName: string | null;
  fileHash: string;
  totalRows: number;
  validRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  problems: ProblemRow[];
  createdAt: string;
  finishedAt: string | null;
}

export interface ProgramVersionView {
  version: number;
  effectiveFrom: string;
  changedBy: string | null;
  changedAt: string;
  changes: Array<{ setting: string; from: unknown; to: unknown }>;
}
