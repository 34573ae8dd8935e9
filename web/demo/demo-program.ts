/**
 * The demo shop's loyalty program: a sign-up bonus and something to spend points on, so the simulated storefront
 * (demo-storefront.ts) and `npm run demo:orders` have options to redeem.
 */
import type { Repositories } from '../db/store.js';
import { DEFAULT_PROGRAM, programAt, validateProgramSettings } from '../loyalty/program.js';
import type { RedemptionOption } from '../loyalty/redemption-options.js';

export const DEMO_REDEMPTION_OPTIONS: RedemptionOption[] = [
  {
    id: 'five-off',
    title: '5 € Rabatt',
    kind: 'fixed_amount',
    pointsCost: 500,
    amount: '5.00',
    minimumSubtotal: null,
    combinesWithOtherDiscounts: false,
  },
  {
    id: 'pay-with-points',
    title: 'Mit Punkten bezahlen (100 Punkte = 1 €)',
    kind: 'pay_with_points',
    pointsStep: 100,
    stepValue: '1.00',
    maxShareOfSubtotal: 50,
    minimumSubtotal: null,
    combinesWithOtherDiscounts: false,
  },
  {
    id: 'free-shipping',
    title: 'Kostenloser Versand',
    kind: 'free_shipping',
    pointsCost: 300,
    minimumSubtotal: null,
    combinesWithOtherDiscounts: true,
  },
];

export type SeedOutcome = 'created' | 'options added' | 'unchanged';

/**
 * Gives the shop the demo program. A fresh shop (only the default version 1 that `shops.ensure` writes) gets
 * the bonus and the options from the beginning of time. A demo database from before redemptions existed has a
 * program without options: it gets a new version with the options from `now` on, so earlier orders keep the
 * version they were awarded under. A program that has options (the demo's, or a merchant's edit) is left alone.
 * Checked with the app's own validation, so a mistyped demo option fails at start instead of at redeem time.
 */
export async function seedDemoProgram(
  repos: Pick<Repositories, 'shops'>,
  shop: string,
  now: Date,
): Promise<SeedOutcome> {
  const versions = await repos.shops.programVersions(shop);
  if (versions.length === 1) {
    const settings = { ...DEFAULT_PROGRAM, signupBonus: 50, redemptionOptions: DEMO_REDEMPTION_OPTIONS };
    await repos.shops.addProgramVersion(shop, validateProgramSettings(settings), new Date(0));
    return 'created';
  }
  const { version: _version, effectiveFrom: _from, ...current } = programAt(versions, now);
  if (current.redemptionOptions.length > 0) return 'unchanged';
  const settings = { ...current, redemptionOptions: DEMO_REDEMPTION_OPTIONS };
  await repos.shops.addProgramVersion(shop, validateProgramSettings(settings), now);
  return 'options added';
}
