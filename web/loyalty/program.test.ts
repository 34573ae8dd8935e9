import fc from 'fast-check';
import { DEFAULT_RETURN_VISIT } from './return-visit.js';
import { describe, expect, it } from 'vitest';
import { LoyaltyError } from './errors.js';
import {
  DEFAULT_PROGRAM,
  programAt,
  type ProgramSettings,
  type ProgramVersion,
  validateProgramSettings,
} from './program.js';

const version = (n: number, effectiveFrom: string, earnRate: string): ProgramVersion => ({
  ...DEFAULT_PROGRAM,
  version: n,
  effectiveFrom: new Date(effectiveFrom),
  earnRate,
});

const problemsOf = (settings: ProgramSettings): LoyaltyError => {
  try {
    validateProgramSettings(settings);
  } catch (error) {
    if (error instanceof LoyaltyError) return error;
    throw error;
  }
  throw new Error('expected validateProgramSettings to throw');
};

describe('programAt', () => {
  const v1 = version(1, '2025-01-01T00:00:00Z', '1');
  const v2 = version(2, '2025-03-01T00:00:00Z', '2');
  const v3 = version(3, '2025-06-01T00:00:00Z', '3');
  const versions = [v1, v2, v3];

  it('picks the latest version in effect at the time of the event', () => {
    expect(programAt(versions, new Date('2025-02-14T12:00:00Z'))).toBe(v1);
    expect(programAt(versions, new Date('2025-04-01T00:00:00Z'))).toBe(v2);
    expect(programAt(versions, new Date('2026-01-01T00:00:00Z'))).toBe(v3);
  });

  it('applies a version from the very instant it takes effect, not a millisecond earlier', () => {
    expect(programAt(versions, new Date('2025-03-01T00:00:00Z'))).toBe(v2);
    expect(programAt(versions, new Date('2025-02-28T23:59:59.999Z'))).toBe(v1);
  });

  it('does not depend on the order the versions are listed in', () => {
    expect(programAt([v3, v1, v2], new Date('2025-04-01T00:00:00Z'))).toBe(v2);
    expect(programAt([v2, v3, v1], new Date('2025-02-01T00:00:00Z'))).toBe(v1);
  });

  it('uses the first version for events from before any version took effect', () => {
    expect(programAt(versions, new Date('2024-12-31T23:59:59Z'))).toBe(v1);
    // the first version by number, even when it is listed last
    expect(programAt([v3, v2, v1], new Date('2020-01-01T00:00:00Z'))).toBe(v1);
  });

  it('works with a single version, whatever the time', () => {
    expect(programAt([v2], new Date('2000-01-01T00:00:00Z'))).toBe(v2);
    expect(programAt([v2], new Date('2100-01-01T00:00:00Z'))).toBe(v2);
  });

  it('fails with program_missing (409) when the shop has no program', () => {
    expect(() => programAt([], new Date())).toThrow(LoyaltyError);
    try {
      programAt([], new Date());
    } catch (error) {
      expect(error).toMatchObject({ code: 'program_missing', status: 409 });
    }
  });

  it('chooses by the event time only: every shuffle of the versions gives the same answer', () => {
    // Versions 1..n take effect one day apart; an event on day d (0-based) uses version min(n, d + 1)
    // (version 1 for days before it, day 0 is version 1's first day).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i + 1),
              { minLength: n },
            ),
            fc.integer({ min: -5, max: n + 5 }),
          ),
        ),
        ([n, order, day]) => {
          const start = Date.UTC(2025, 0, 1);
          const all = order.map((v) =>
            version(v, new Date(start + (v - 1) * 86_400_000).toISOString(), `${v}`),
          );
          const chosen = programAt(all, new Date(start + day * 86_400_000 + 3_600_000));
          expect(chosen.version).toBe(Math.min(n, Math.max(1, day + 1)));
        },
      ),
    );
  });
});

describe('validateProgramSettings', () => {
  it('accepts the default program and returns the settings it was given', () => {
    expect(validateProgramSettings(DEFAULT_PROGRAM)).toEqual(DEFAULT_PROGRAM);
  });

  it('accepts a zero earn rate (earning switched off) and zero point value', () => {
    const off = { ...DEFAULT_PROGRAM, earnRate: '0', pointValue: '0' };
    expect(validateProgramSettings(off)).toEqual(off);
  });

  it('accepts decimals with up to six places and whole numbers for the counts', () => {
    const settings: ProgramSettings = {
      earnRate: '2.5',
      pointValue: '0.000001',
      includeShipping: true,
      pendingDays: 14,
      expiryMonths: 24,
      signupBonus: 500,
      maxPointsPerOrder: 5000,
      redemptionOptions: [],
      codeLifetimeDays: 365,
      returnVisit: { ...DEFAULT_RETURN_VISIT, percentage: 20, tierUplift: { Gold: 5 } },
      breakageAssumption: 0,
    };
    expect(validateProgramSettings(settings)).toEqual(settings);
  });

  it.each([
    [{ earnRate: '-1' }, 'earnRate must be a non-negative decimal'],
    [{ earnRate: 'abc' }, 'earnRate must be a non-negative decimal'],
    [{ earnRate: '' }, 'earnRate must be a non-negative decimal'],
    [{ earnRate: '1.1234567' }, 'earnRate must be a non-negative decimal'], // seven decimals
    [{ earnRate: ' -1' }, 'earnRate must be a non-negative decimal'], // a sign behind whitespace is still a sign
    [{ pointValue: '-0.01' }, 'pointValue must be a non-negative decimal'],
    [{ pointValue: '0,01' }, 'pointValue must be a non-negative decimal'],
    [{ pointValue: '\t-0.01' }, 'pointValue must be a non-negative decimal'],
    [{ pendingDays: -1 }, 'pendingDays must be a whole number >= 0'],
    [{ pendingDays: 1.5 }, 'pendingDays must be a whole number >= 0'],
    [{ expiryMonths: -12 }, 'expiryMonths must be a whole number >= 0'],
    [{ expiryMonths: Number.POSITIVE_INFINITY }, 'expiryMonths must be a whole number >= 0'],
    [{ signupBonus: Number.NaN }, 'signupBonus must be a whole number >= 0'],
    [{ signupBonus: 0.5 }, 'signupBonus must be a whole number >= 0'],
    [{ maxPointsPerOrder: 0 }, 'maxPointsPerOrder must be a whole number from 1 to 1000000000'],
    [{ maxPointsPerOrder: 2 ** 31 }, 'maxPointsPerOrder must be a whole number from 1 to 1000000000'],
    [{ earnRate: 1 }, 'earnRate must be a non-negative decimal'], // JSON numbers: a 422, not a crash
    [{ pointValue: null }, 'pointValue must be a non-negative decimal'],
    [{ includeShipping: 'yes' }, 'includeShipping must be true or false'],
    [{ codeLifetimeDays: 0 }, 'codeLifetimeDays must be a whole number from 1 to 365'],
    [{ codeLifetimeDays: 366 }, 'codeLifetimeDays must be a whole number from 1 to 365'],
    [{ redemptionOptions: {} }, 'redemptionOptions must be a list'],
    [{ breakageAssumption: -1 }, 'breakageAssumption must be a whole percent from 0 to 100'],
    [{ breakageAssumption: 101 }, 'breakageAssumption must be a whole percent from 0 to 100'],
    [{ breakageAssumption: 12.5 }, 'breakageAssumption must be a whole percent from 0 to 100'],
    [{ breakageAssumption: '20' }, 'breakageAssumption must be a whole percent from 0 to 100'],
  ] as Array<[Partial<ProgramSettings>, string]>)('rejects %j: %s', (change, problem) => {
    const error = problemsOf({ ...DEFAULT_PROGRAM, ...change });
    expect(error.code).toBe('invalid_program');
    expect(error.status).toBe(422);
    expect(error.message).toBe(problem); // exactly one problem, and only that one
  });

  it('lists every problem at once', () => {
    const error = problemsOf({
      earnRate: 'lots',
      pointValue: '-1',
      includeShipping: false,
      pendingDays: -3,
      expiryMonths: 2.5,
      signupBonus: -100,
      maxPointsPerOrder: -1,
      redemptionOptions: [{ id: 'Bad Id', kind: 'fixed_amount', pointsCost: 0 }],
      codeLifetimeDays: 0,
    } as unknown as ProgramSettings);
    expect(error.code).toBe('invalid_program');
    expect(error.status).toBe(422);
    expect(error.message.split('; ')).toEqual([
      'earnRate must be a non-negative decimal',
      'pointValue must be a non-negative decimal',
      'pendingDays must be a whole number >= 0',
      'expiryMonths must be a whole number >= 0',
      'signupBonus must be a whole number >= 0',
      'maxPointsPerOrder must be a whole number from 1 to 1000000000',
      'codeLifetimeDays must be a whole number from 1 to 365',
      'breakageAssumption must be a whole percent from 0 to 100',
      'redemptionOptions[0].id must be 1-40 lowercase letters, digits, - or _',
      'redemptionOptions[0].title must be 1-80 characters',
      'redemptionOptions[0].minimumSubtotal must be null or a decimal >= 0 with at most 2 decimals',
      'redemptionOptions[0].combinesWithOtherDiscounts must be true or false',
      'redemptionOptions[0].pointsCost must be a whole number from 1 to 1000000000',
      'redemptionOptions[0].amount must be a decimal > 0 with at most 2 decimals',
      'returnVisit must be an object',
    ]);
  });
});

describe('invalid_program problems by field', () => {
  it('names each problem by its field path, with the message that does not repeat the field', () => {
    const error = problemsOf({
      ...DEFAULT_PROGRAM,
      earnRate: 'x',
      redemptionOptions: [
        {
          id: 'ok',
          title: 'Fine',
          kind: 'free_shipping',
          pointsCost: 10,
          minimumSubtotal: null,
          combinesWithOtherDiscounts: false,
        },
        {
          id: 'bad',
          title: 'Bad',
          kind: 'free_shipping',
          pointsCost: 0,
          minimumSubtotal: null,
          combinesWithOtherDiscounts: false,
        },
      ],
      returnVisit: { ...DEFAULT_RETURN_VISIT, percentage: 0, tierUplift: { 'Gold.Plus': 500 } },
    } as ProgramSettings);
    expect(error.details).toEqual({
      problems: [
        { field: 'earnRate', message: 'must be a non-negative decimal' },
        { field: 'redemptionOptions.1.pointsCost', message: 'must be a whole number from 1 to 1000000000' },
        { field: 'returnVisit.percentage', message: 'must be a whole number from 1 to 100' },
        {
          field: 'returnVisit.tierUplift.Gold.Plus',
          message: 'must be a whole percent from 0 to 100 for a tier name of 1-40 characters',
        },
      ],
    });
    // the one-line message is what it always was: every problem, field first
    expect(error.message.split('; ')).toEqual([
      'earnRate must be a non-negative decimal',
      'redemptionOptions[1].pointsCost must be a whole number from 1 to 1000000000',
      'returnVisit.percentage must be a whole number from 1 to 100',
      'returnVisit.tierUplift["Gold.Plus"] must be a whole percent from 0 to 100 for a tier name of 1-40 characters',
    ]);
  });

  it('lists settings of the wrong type by field too, one entry per problem in the message', () => {
    const error = problemsOf({
      ...DEFAULT_PROGRAM,
      pointValue: '-1',
      redemptionOptions: 'none',
      returnVisit: null,
    } as unknown as ProgramSettings);
    const problems = (error.details as { problems: Array<{ field: string }> }).problems;
    expect(problems.map((problem) => problem.field)).toEqual([
      'pointValue',
      'redemptionOptions',
      'returnVisit',
    ]);
    expect(error.message.split('; ')).toHaveLength(problems.length);
  });
});
