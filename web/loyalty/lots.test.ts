import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availableFrom,
  type Balance,
  type BalanceChange,
  debitAvailable,
  type Lot,
  lotExpiry,
  matureLots,
  openLot,
  reverseFromLot,
} from './lots.js';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
const lot = (id: number, remaining: number, matured: boolean, availableAt: string): Lot => ({
  id,
  remaining,
  matured,
  availableAt: at(availableAt),
});

describe('openLot', () => {
  const now = at('2025-06-01T12:00:00Z');

  it('keeps a lot pending while its availableAt lies ahead', () => {
    const opened = openLot({ available: 10, pending: 5 }, 100, at('2025-06-15T12:00:00Z'), now);
    expect(opened).toEqual({ balance: { available: 10, pending: 105 }, remaining: 100, matured: false });
  });

  it('makes a lot available at once when availableAt is now or past', () => {
    expect(openLot({ available: 10, pending: 5 }, 100, now, now)).toEqual({
      balance: { available: 110, pending: 5 },
      remaining: 100,
      matured: true,
    });
    expect(openLot({ available: 0, pending: 0 }, 7, at('2024-01-01T00:00:00Z'), now)).toEqual({
      balance: { available: 7, pending: 0 },
      remaining: 7,
      matured: true,
    });
  });

  it('pays a debt first: the lot keeps only what is left after the debt', () => {
    // available -30 (debt 30) + 100 = 70, and the lot holds 100 - 30 = 70
    expect(openLot({ available: -30, pending: 0 }, 100, now, now)).toEqual({
      balance: { available: 70, pending: 0 },
      remaining: 70,
      matured: true,
    });
  });

  it('is used up entirely by a debt larger than the lot', () => {
    // -150 + 100 = -50, nothing remains in the lot
    expect(openLot({ available: -150, pending: 20 }, 100, now, now)).toEqual({
      balance: { available: -50, pending: 20 },
      remaining: 0,
      matured: true,
    });
  });

  it('does not pay a debt with pending points', () => {
    expect(openLot({ available: -30, pending: 0 }, 100, at('2025-06-02T12:00:00Z'), now)).toEqual({
      balance: { available: -30, pending: 100 },
      remaining: 100,
      matured: false,
    });
  });
});

describe('matureLots', () => {
  it('moves due lots from pending to available and leaves the others', () => {
    const lots = [
      lot(1, 50, false, '2025-01-10T00:00:00Z'),
      lot(2, 30, false, '2025-01-20T00:00:00Z'),
      lot(3, 20, true, '2025-01-01T00:00:00Z'),
    ];
    const change = matureLots({ available: 20, pending: 80 }, lots, at('2025-01-15T00:00:00Z'));
    expect(change).toEqual({
      balance: { available: 70, pending: 30 },
      lots: [{ id: 1, remaining: 50, matured: true }],
    });
  });

  it('matures a lot exactly at its availableAt', () => {
    const change = matureLots(
      { available: 0, pending: 5 },
      [lot(1, 5, false, '2025-01-10T00:00:00Z')],
      at('2025-01-10T00:00:00Z'),
    );
    expect(change.balance).toEqual({ available: 5, pending: 0 });
    expect(change.lots).toEqual([{ id: 1, remaining: 5, matured: true }]);
  });

  it('changes nothing when no lot is due', () => {
    const balance: Balance = { available: 3, pending: 9 };
    const change = matureLots(
      balance,
      [lot(1, 9, false, '2025-02-01T00:00:00Z')],
      at('2025-01-31T23:59:59Z'),
    );
    expect(change).toEqual({ balance, lots: [] });
  });

  it('pays a debt from the maturing lots, oldest first', () => {
    // debt 60; lot 1 (due Jan 10) pays 50 -> 0; lot 2 (due Jan 12) pays 10 -> 20; available -60 + 80 = 20
    const lots = [lot(2, 30, false, '2025-01-12T00:00:00Z'), lot(1, 50, false, '2025-01-10T00:00:00Z')];
    const change = matureLots({ available: -60, pending: 80 }, lots, at('2025-01-15T00:00:00Z'));
    expect(change).toEqual({
      balance: { available: 20, pending: 0 },
      lots: [
        { id: 1, remaining: 0, matured: true },
        { id: 2, remaining: 20, matured: true },
      ],
    });
  });

  it('breaks a tie on availableAt by lot id', () => {
    const lots = [lot(9, 10, false, '2025-01-10T00:00:00Z'), lot(4, 10, false, '2025-01-10T00:00:00Z')];
    // debt 15: lot 4 pays 10 -> 0, lot 9 pays 5 -> 5
    const change = matureLots({ available: -15, pending: 20 }, lots, at('2025-01-10T00:00:00Z'));
    expect(change.lots).toEqual([
      { id: 4, remaining: 0, matured: true },
      { id: 9, remaining: 5, matured: true },
    ]);
    expect(change.balance).toEqual({ available: 5, pending: 0 });
  });
});

describe('debitAvailable', () => {
  // lot 2 is the oldest available lot although its id is higher; lot 3 is still pending
  const lots = [
    lot(1, 50, true, '2025-01-05T00:00:00Z'),
    lot(2, 40, true, '2025-01-01T00:00:00Z'),
    lot(3, 100, false, '2025-01-02T00:00:00Z'),
  ];
  const balance: Balance = { available: 90, pending: 100 };

  it('spends the oldest available lot first and never touches pending lots', () => {
    // 60 = 40 from lot 2 + 20 from lot 1
    expect(debitAvailable(balance, lots, 60, false)).toEqual({
      balance: { available: 30, pending: 100 },
      lots: [
        { id: 2, remaining: 0, matured: true },
        { id: 1, remaining: 30, matured: true },
      ],
    });
  });

  it('stops at the first lot that covers the rest', () => {
    expect(debitAvailable(balance, lots, 25, false)).toEqual({
      balance: { available: 65, pending: 100 },
      lots: [{ id: 2, remaining: 15, matured: true }],
    });
  });

  it('allows spending exactly the available balance', () => {
    const change = debitAvailable(balance, lots, 90, false);
    expect(change.balance).toEqual({ available: 0, pending: 100 });
    expect(change.lots.map((l) => l.remaining)).toEqual([0, 0]);
  });

  it('refuses to overspend unless negative is allowed', () => {
    expect(() => debitAvailable(balance, lots, 91, false)).toThrow(RangeError);
    // pending points do not count towards what can be spent
    expect(() => debitAvailable({ available: 0, pending: 100 }, lots, 1, false)).toThrow(RangeError);
  });

  it('turns what the lots cannot cover into debt when negative is allowed', () => {
    // 120 - 90 available = 30 debt
    expect(debitAvailable(balance, lots, 120, true)).toEqual({
      balance: { available: -30, pending: 100 },
      lots: [
        { id: 2, remaining: 0, matured: true },
        { id: 1, remaining: 0, matured: true },
      ],
    });
  });

  it('skips empty lots and reports no update for a debit of zero', () => {
    const withEmpty = [lot(7, 0, true, '2024-12-01T00:00:00Z'), ...lots];
    expect(debitAvailable(balance, withEmpty, 10, false).lots).toEqual([
      { id: 2, remaining: 30, matured: true },
    ]);
    expect(debitAvailable(balance, lots, 0, false)).toEqual({ balance, lots: [] });
  });
});

describe('reverseFromLot', () => {
  it('takes the points from the pending lot the award opened', () => {
    const own = lot(5, 100, false, '2025-02-01T00:00:00Z');
    const other = lot(1, 50, true, '2025-01-01T00:00:00Z');
    expect(reverseFromLot({ available: 50, pending: 100 }, own, [other, own], 40)).toEqual({
      balance: { available: 50, pending: 60 },
      lots: [{ id: 5, remaining: 60, matured: false }],
    });
  });

  it('takes the rest from the other available lots, oldest first, when the own lot is short', () => {
    // own pending lot has 30 of the 50; 20 more come from lot 2 (oldest), lot 1 untouched
    const own = lot(5, 30, false, '2025-02-01T00:00:00Z');
    const others = [lot(1, 40, true, '2025-01-10T00:00:00Z'), lot(2, 15, true, '2025-01-01T00:00:00Z')];
    expect(reverseFromLot({ available: 55, pending: 30 }, own, others, 50)).toEqual({
      balance: { available: 35, pending: 0 },
      lots: [
        { id: 5, remaining: 0, matured: false },
        { id: 2, remaining: 0, matured: true },
        { id: 1, remaining: 35, matured: true },
      ],
    });
  });

  it('takes from a matured own lot before older lots', () => {
    const own = lot(2, 50, true, '2025-01-10T00:00:00Z');
    const older = lot(1, 30, true, '2025-01-01T00:00:00Z');
    // 60 = 50 from the own lot + 10 from lot 1
    expect(reverseFromLot({ available: 80, pending: 0 }, own, [older, own], 60)).toEqual({
      balance: { available: 20, pending: 0 },
      lots: [
        { id: 2, remaining: 0, matured: true },
        { id: 1, remaining: 20, matured: true },
      ],
    });
  });

  it('charges the own lot once even though it is also among the other lots', () => {
    const own = lot(1, 50, true, '2025-01-01T00:00:00Z');
    // 70 reversed, only 50 there: the own lot goes to 0 and 20 become debt
    const change = reverseFromLot({ available: 50, pending: 0 }, own, [own], 70);
    expect(change).toEqual({
      balance: { available: -20, pending: 0 },
      lots: [{ id: 1, remaining: 0, matured: true }],
    });
  });

  it('makes debt of points that were already spent', () => {
    const spentOwn = lot(1, 0, true, '2025-01-01T00:00:00Z');
    const other = lot(2, 10, true, '2025-01-05T00:00:00Z');
    // 40 reversed: own lot empty (no update), lot 2 gives 10, 30 become debt
    expect(reverseFromLot({ available: 10, pending: 0 }, spentOwn, [spentOwn, other], 40)).toEqual({
      balance: { available: -30, pending: 0 },
      lots: [{ id: 2, remaining: 0, matured: true }],
    });
  });

  it('works without an own lot (the award lot is gone)', () => {
    const others = [lot(3, 10, true, '2025-01-01T00:00:00Z'), lot(4, 10, false, '2025-01-02T00:00:00Z')];
    expect(reverseFromLot({ available: 10, pending: 10 }, undefined, others, 4)).toEqual({
      balance: { available: 6, pending: 10 },
      lots: [{ id: 3, remaining: 6, matured: true }],
    });
  });
});

describe('lot invariants under any sequence of operations', () => {
  type Op =
    | { kind: 'open'; points: number; offsetDays: number }
    | { kind: 'advance'; days: number; mature: boolean }
    | { kind: 'debit'; points: number; allowNegative: boolean }
    | { kind: 'reverse'; pick: number; useOwn: boolean; points: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('open' as const),
      points: fc.integer({ min: 0, max: 500 }),
      offsetDays: fc.integer({ min: -3, max: 10 }), // past, now or future: immediate or pending
    }),
    fc.record({
      kind: fc.constant('advance' as const),
      days: fc.integer({ min: 0, max: 7 }),
      mature: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('debit' as const),
      points: fc.integer({ min: 0, max: 600 }),
      allowNegative: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('reverse' as const),
      pick: fc.nat(),
      useOwn: fc.boolean(),
      points: fc.integer({ min: 0, max: 600 }),
    }),
  );

  /** A tiny ledger: applies the LotUpdates the functions return to an array of lots. */
  class Model {
    balance: Balance = { available: 0, pending: 0 };
    lots: Lot[] = [];
    now = new Date('2025-01-01T00:00:00Z');
    net = 0; // points opened minus points debited and reversed

    apply(change: BalanceChange) {
      const seen = new Set<number>();
      for (const update of change.lots) {
        expect(seen.has(update.id)).toBe(false); // one update per lot and change
        seen.add(update.id);
        const target = this.lots.find((l) => l.id === update.id);
        if (!target) throw new Error(`update for unknown lot ${update.id}`);
        expect(update.remaining).toBeGreaterThanOrEqual(0);
        expect(update.remaining).toBeLessThanOrEqual(target.remaining); // lots only shrink
        if (target.matured) expect(update.matured).toBe(true); // and never un-mature
        target.remaining = update.remaining;
        target.matured = update.matured;
      }
      this.balance = change.balance;
    }

    run(op: Op) {
      switch (op.kind) {
        case 'open': {
          const availableAt = new Date(this.now.getTime() + op.offsetDays * DAY);
          const opened = openLot(this.balance, op.points, availableAt, this.now);
          expect(opened.remaining).toBeGreaterThanOrEqual(0);
          expect(opened.remaining).toBeLessThanOrEqual(op.points);
          this.lots.push({
            id: this.lots.length + 1,
            remaining: opened.remaining,
            matured: opened.matured,
            availableAt,
          });
          this.balance = opened.balance;
          this.net += op.points;
          return;
        }
        case 'advance':
          this.now = new Date(this.now.getTime() + op.days * DAY);
          if (op.mature) this.apply(matureLots(this.balance, this.lots, this.now));
          return;
        case 'debit':
          if (!op.allowNegative && op.points > this.balance.available) {
            expect(() => debitAvailable(this.balance, this.lots, op.points, false)).toThrow(RangeError);
            return;
          }
          this.apply(debitAvailable(this.balance, this.lots, op.points, op.allowNegative));
          this.net -= op.points;
          return;
        case 'reverse': {
          const own = op.useOwn && this.lots.length ? this.lots[op.pick % this.lots.length] : undefined;
          // Pass copies: the functions must not rely on mutating what they are given.
          this.apply(
            reverseFromLot(
              this.balance,
              own && { ...own },
              this.lots.map((l) => ({ ...l })),
              op.points,
            ),
          );
          this.net -= op.points;
          return;
        }
      }
    }

    checkInvariants() {
      const sum = (lots: Lot[]) => lots.reduce((total, l) => total + l.remaining, 0);
      const matured = this.lots.filter((l) => l.matured);
      const unmatured = this.lots.filter((l) => !l.matured);
      const debt = this.balance.available < 0 ? -this.balance.available : 0;
      expect(this.balance.pending).toBe(sum(unmatured));
      expect(this.balance.available).toBe(sum(matured) - debt);
      if (debt > 0) expect(matured.every((l) => l.remaining === 0)).toBe(true);
      expect(this.lots.every((l) => l.remaining >= 0)).toBe(true);
      // nothing is created or lost: every point opened is in a lot, was spent, or is owed back
      expect(this.balance.available + this.balance.pending).toBe(this.net);
    }
  }

  it('pending = unmatured remaining, available = matured remaining - debt, debt only when matured lots are empty', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const model = new Model();
        for (const op of ops) {
          model.run(op);
          model.checkInvariants();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('spends oldest-first: a debit never takes from a lot while an older available lot keeps points', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.integer({ min: 1, max: 300 }), (ops, spend) => {
        const model = new Model();
        for (const op of ops) model.run(op);
        fc.pre(model.balance.available >= spend);
        const before = new Map(model.lots.map((l) => [l.id, l.remaining]));
        model.run({ kind: 'debit', points: spend, allowNegative: false });
        const ordered = model.lots
          .filter((l) => l.matured)
          .sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id);
        ordered.forEach((older, i) => {
          if (older.remaining === 0) return;
          // `older` kept points: no younger lot may have been touched by this debit
          for (const younger of ordered.slice(i + 1)) expect(younger.remaining).toBe(before.get(younger.id));
        });
        model.checkInvariants();
      }),
    );
  });
});

describe('lotExpiry', () => {
  it('never expires when the program keeps points forever', () => {
    expect(lotExpiry(at('2025-01-31T00:00:00Z'), 0)).toBeNull();
    expect(lotExpiry(at('2025-01-31T00:00:00Z'), -1)).toBeNull();
  });

  it.each([
    ['2025-03-15T10:30:00.000Z', 12, '2026-03-15T10:30:00.000Z'], // a year, time of day kept
    ['2025-10-15T00:00:00.000Z', 3, '2026-01-15T00:00:00.000Z'], // across the year end
    ['2025-01-31T08:00:00.000Z', 1, '2025-02-28T08:00:00.000Z'], // no Feb 31: the month's last day
    ['2024-01-31T08:00:00.000Z', 1, '2024-02-29T08:00:00.000Z'], // leap year
    ['2024-02-29T08:00:00.000Z', 12, '2025-02-28T08:00:00.000Z'], // from a leap day to a common year
    ['2025-08-31T23:59:59.999Z', 1, '2025-09-30T23:59:59.999Z'], // 30-day month
    ['2025-11-30T12:00:00.000Z', 3, '2026-02-28T12:00:00.000Z'],
    ['2025-01-28T12:00:00.000Z', 1, '2025-02-28T12:00:00.000Z'],
    ['2025-02-28T12:00:00.000Z', 1, '2025-03-28T12:00:00.000Z'], // no snapping to the month's end
    ['2025-05-31T00:00:00.000Z', 24, '2027-05-31T00:00:00.000Z'],
  ])('a lot available at %s with %i months expires at %s', (availableAt, months, expected) => {
    expect(lotExpiry(at(availableAt), months)?.toISOString()).toBe(expected);
  });

  it('does not change the date it is given', () => {
    const availableAt = at('2025-01-31T00:00:00Z');
    lotExpiry(availableAt, 1);
    expect(availableAt.toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  /** Midnight UTC of a day from 2020 to 2049, with the ends of months (where month lengths differ) well represented. */
  const dayArb = fc
    .record({
      year: fc.integer({ min: 2020, max: 2049 }),
      month: fc.integer({ min: 0, max: 11 }),
      day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 27, max: 31 })),
    })
    .map(({ year, month, day }) => {
      const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return new Date(Date.UTC(year, month, Math.min(day, daysInMonth)));
    });

  it('does not let a lot from January 31 outlive one from February 1', () => {
    // Plain Date month overflow would give March 3 for the older lot and March 1 for the younger one.
    const older = lotExpiry(at('2025-01-31T00:00:00Z'), 1)!;
    const younger = lotExpiry(at('2025-02-01T00:00:00Z'), 1)!;
    expect(older.toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(younger.toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('keeps expiry first-in first-out: a lot available earlier never expires later', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 60 }),
        (earlier, gap, months) => {
          const later = new Date(earlier.getTime() + gap * DAY); // close together: around the ends of months
          const first = lotExpiry(earlier, months);
          const second = lotExpiry(later, months);
          expect(first!.getTime()).toBeLessThanOrEqual(second!.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lands in the month `months` later, on the same day or that month’s last day', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 60 }), (availableAt, months) => {
        const expires = lotExpiry(availableAt, months)!;
        const monthIndex = availableAt.getUTCFullYear() * 12 + availableAt.getUTCMonth() + months;
        expect(expires.getUTCFullYear() * 12 + expires.getUTCMonth()).toBe(monthIndex);
        const daysInTarget = new Date(
          Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0),
        ).getUTCDate();
        expect(expires.getUTCDate()).toBe(Math.min(availableAt.getUTCDate(), daysInTarget));
        expect(expires.getTime() % DAY).toBe(availableAt.getTime() % DAY); // time of day kept
      }),
    );
  });
});

describe('availableFrom', () => {
  const later = at('2026-01-01T00:00:00Z');

  it('is the same instant with no pending period', () => {
    const at0 = at('2025-03-30T00:30:00Z');
    expect(availableFrom(at0, 0, later).getTime()).toBe(at0.getTime());
  });

  it('is now with no pending period when the order is stamped ahead of now, so its lot opens available', () => {
    const now = at('2025-03-30T00:30:00.990Z');
    const ahead = at('2025-03-30T00:30:01Z'); // the next second: a clock a moment ahead, or a pass started earlier
    expect(availableFrom(ahead, 0, now).getTime()).toBe(now.getTime());
    expect(openLot({ available: 0, pending: 0 }, 44, availableFrom(ahead, 0, now), now)).toMatchObject({
      balance: { available: 44, pending: 0 },
      matured: true,
    });
  });

  it('adds whole days of 24 hours, unaffected by daylight saving changes', () => {
    // 2025-03-30 is the EU switch to summer time; UTC days stay 24 h long
    expect(availableFrom(at('2025-03-29T10:00:00Z'), 14, later).toISOString()).toBe(
      '2025-04-12T10:00:00.000Z',
    );
    expect(availableFrom(at('2025-12-25T23:00:00Z'), 7, later).toISOString()).toBe(
      '2026-01-01T23:00:00.000Z',
    );
  });

  it('keeps a pending period counted from the order time even when it is ahead of now', () => {
    const now = at('2025-03-29T09:59:59Z');
    expect(availableFrom(at('2025-03-29T10:00:00Z'), 14, now).toISOString()).toBe('2025-04-12T10:00:00.000Z');
  });
});
