/**
 * Earning lots and the balance projection. Every positive entry opens a lot; pending lots mature into the
 * available balance; spending, expiry and reversals consume matured lots oldest first (FIFO). The available
 * balance may go negative when spent points are reversed: that debt is paid from the next points that mature.
 * Invariants: pending = sum of unmatured lots' remaining; available = sum of matured lots' remaining, minus debt
 * (a debt exists only while no matured lot has anything remaining).
 */
export interface Lot {
  id: number;
  remaining: number;
  matured: boolean;
  availableAt: Date;
}

export interface Balance {
  available: number;
  pending: number;
}

export interface LotUpdate {
  id: number;
  remaining: number;
  matured: boolean;
}

export interface BalanceChange {
  balance: Balance;
  lots: LotUpdate[];
}

/** A new lot of `points`: pending until `availableAt`, otherwise available at once (paying any debt first). */
export function openLot(balance: Balance, points: number, availableAt: Date, now: Date) {
  if (availableAt.getTime() > now.getTime()) {
    return { balance: { ...balance, pending: balance.pending + points }, remaining: points, matured: false };
  }
  const paid = Math.min(points, debtOf(balance));
  return {
    balance: { ...balance, available: balance.available + points },
    remaining: points - paid,
    matured: true,
  };
}

/** Moves every pending lot whose time has come into the available balance. */
export function matureLots(balance: Balance, lots: readonly Lot[], now: Date): BalanceChange {
  let current = balance;
  const updates: LotUpdate[] = [];
  for (const lot of fifo(lots)) {
    if (lot.matured || lot.availableAt.getTime() > now.getTime()) continue;
    const paid = Math.min(lot.remaining, debtOf(current));
    current = { available: current.available + lot.remaining, pending: current.pending - lot.remaining };
    updates.push({ id: lot.id, remaining: lot.remaining - paid, matured: true });
  }
  return { balance: current, lots: updates };
}

/**
 * Takes `points` back for a reversal: first from the lot the award opened (pending or available), then from the
 * other available lots, oldest first; whatever is still missing becomes debt (a negative available balance).
 */
export function reverseFromLot(
  balance: Balance,
  ownLot: Lot | undefined,
  otherLots: readonly Lot[],
  points: number,
): BalanceChange {
  let current = balance;
  const updates: LotUpdate[] = [];
  let missing = points;
  if (ownLot && ownLot.remaining > 0) {
    const take = Math.min(missing, ownLot.remaining);
    missing -= take;
    updates.push({ id: ownLot.id, remaining: ownLot.remaining - take, matured: ownLot.matured });
    current = ownLot.matured
      ? { ...current, available: current.available - take }
      : { ...current, pending: current.pending - take };
  }
  const rest = debitAvailable(
    current,
    otherLots.filter((lot) => lot.id !== ownLot?.id),
    missing,
    true,
  );
  return { balance: rest.balance, lots: [...updates, ...rest.lots] };
}

/** Takes `points` from the available balance, consuming matured lots oldest first. */
export function debitAvailable(
  balance: Balance,
  lots: readonly Lot[],
  points: number,
  allowNegative: boolean,
): BalanceChange {
  if (!allowNegative && points > balance.available) throw new RangeError('not enough available points');
  let missing = points;
  const updates: LotUpdate[] = [];
  for (const lot of fifo(lots)) {
    if (missing <= 0) break;
    if (!lot.matured || lot.remaining <= 0) continue;
    const take = Math.min(missing, lot.remaining);
    missing -= take;
    updates.push({ id: lot.id, remaining: lot.remaining - take, matured: true });
  }
  return { balance: { ...balance, available: balance.available - points }, lots: updates };
}

function debtOf(balance: Balance): number {
  return balance.available < 0 ? -balance.available : 0;
}

function fifo(lots: readonly Lot[]): Lot[] {
  return [...lots].sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id);
}

/**
 * When a lot that becomes available at `availableAt` expires; null when the program keeps points forever.
 * A day the target month lacks becomes its last day (Jan 31 + 1 month = Feb 28/29): plain Date overflow would
 * give Mar 3, after a younger lot from Feb 1 expires, which breaks first-in first-out expiry.
 */
export function lotExpiry(availableAt: Date, expiryMonths: number): Date | null {
  if (expiryMonths <= 0) return null;
  const expires = new Date(availableAt.getTime());
  const day = expires.getUTCDate();
  expires.setUTCDate(1);
  expires.setUTCMonth(expires.getUTCMonth() + expiryMonths);
  const lastDay = new Date(Date.UTC(expires.getUTCFullYear(), expires.getUTCMonth() + 1, 0)).getUTCDate();
  expires.setUTCDate(Math.min(day, lastDay));
  return expires;
}

/**
 * When points earned at `at` become spendable, as seen at `now`. Without a pending period they are spendable at
 * once, even when the order's time is a moment ahead of `now` (Shopify's clock runs slightly ahead of ours, or a
 * processing pass read its clock just before the order arrived): such an order would otherwise sit "pending"
 * until the next maturing pass.
 */
export function availableFrom(at: Date, pendingDays: number, now: Date): Date {
  if (pendingDays <= 0) return new Date(Math.min(at.getTime(), now.getTime()));
  return new Date(at.getTime() + pendingDays * 24 * 60 * 60 * 1000);
}
