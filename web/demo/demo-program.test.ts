import { describe, expect, it } from 'vitest';
import type { Repositories } from '../db/store.js';
import { DEFAULT_PROGRAM, programAt, type ProgramSettings, type ProgramVersion } from '../loyalty/program.js';
import { DEMO_REDEMPTION_OPTIONS, seedDemoProgram } from './demo-program.js';

const SHOP = 'loyalty-demo.myshopify.com';

/** The two program methods the seed uses, in memory, numbering versions as the repository does. */
function programsOf(...initial: Array<[ProgramSettings, Date]>) {
  const versions: ProgramVersion[] = [];
  const add = (settings: ProgramSettings, effectiveFrom: Date) =>
    versions.push({ ...structuredClone(settings), version: versions.length + 1, effectiveFrom });
  add(DEFAULT_PROGRAM, new Date(0)); // what shops.ensure writes for a new shop
  for (const [settings, from] of initial) add(settings, from);
  const shops = {
    programVersions: async () => structuredClone(versions),
    addProgramVersion: async (_shop: string, settings: ProgramSettings, from: Date) => add(settings, from),
  } as unknown as Repositories['shops'];
  return { repos: { shops }, versions };
}

describe('seedDemoProgram (npm run demo)', () => {
  it('gives a fresh demo shop the sign-up bonus and the redemption options from the start, once', async () => {
    const { repos, versions } = programsOf();
    expect(await seedDemoProgram(repos, SHOP, new Date())).toBe('created');
    expect(await seedDemoProgram(repos, SHOP, new Date())).toBe('unchanged');
    expect(versions).toHaveLength(2);
    const program = programAt(versions, new Date(1000));
    expect(program).toMatchObject({ signupBonus: 50, redemptionOptions: DEMO_REDEMPTION_OPTIONS });
    expect(program.redemptionOptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'fixed_amount',
          title: '5 € Rabatt',
          pointsCost: 500,
          amount: '5.00',
        }),
        expect.objectContaining({
          kind: 'pay_with_points',
          pointsStep: 100,
          stepValue: '1.00',
          maxShareOfSubtotal: 50,
        }),
      ]),
    );
  });

  it('adds the options, from now on, to a demo database seeded before redemptions existed', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const { repos, versions } = programsOf([{ ...DEFAULT_PROGRAM, signupBonus: 50 }, new Date(0)]);
    expect(await seedDemoProgram(repos, SHOP, now)).toBe('options added');
    expect(await seedDemoProgram(repos, SHOP, now)).toBe('unchanged');
    expect(versions).toHaveLength(3);
    expect(programAt(versions, now)).toMatchObject({
      version: 3,
      signupBonus: 50,
      effectiveFrom: now,
      redemptionOptions: DEMO_REDEMPTION_OPTIONS,
    });
    // orders from before keep the version they were awarded under
    expect(programAt(versions, new Date(now.getTime() - 1)).redemptionOptions).toEqual([]);
  });

  it('leaves a program alone that has options, even other ones', async () => {
    const own = { ...DEMO_REDEMPTION_OPTIONS[0]!, id: 'merchant', pointsCost: 42 };
    const { repos, versions } = programsOf([{ ...DEFAULT_PROGRAM, redemptionOptions: [own] }, new Date(0)]);
    expect(await seedDemoProgram(repos, SHOP, new Date())).toBe('unchanged');
    expect(versions).toHaveLength(2);
  });
});
