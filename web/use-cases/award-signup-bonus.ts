import { type CustomerProfile, profileChange } from '../loyalty/customer-profile.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { programAt } from '../loyalty/program.js';
import type { FlowRepositories } from '../db/store.js';
import { creditPoints, openAccount } from './customer-account.js';
import { type Outcome, processed, skipped } from './outcome.js';

/**
 * customers/create: the sign-up bonus of the program in force when the account was created, once; and the
 * customer's name and e-mail (a row an earlier order made keeps what a newer payload said, field by field).
 */
export async function awardSignupBonus(
  repos: FlowRepositories,
  shop: string,
  signup: { customerId: string; occurredAt: Date; profile: CustomerProfile },
  now: Date,
): Promise<Outcome> {
  await repos.shops.ensure(shop);
  const program = programAt(await repos.shops.programVersions(shop), signup.occurredAt);
  const account = await openAccount(repos, { shop, shopifyId: signup.customerId }, now);
  await repos.customers.saveProfile(account.customer.id, profileChange(signup.profile, signup.occurredAt));
  const idempotencyKey = ledgerKeys.signup(signup.customerId);
  if (program.signupBonus <= 0) return skipped('the program has no sign-up bonus');
  if (await repos.ledger.hasEntry(shop, idempotencyKey)) return skipped('sign-up bonus already awarded');

  await creditPoints(
    repos,
    account,
    {
      shop,
      kind: 'signup',
      points: program.signupBonus,
      idempotencyKey,
      occurredAt: signup.occurredAt,
      programVersion: program.version,
    },
    { availableAt: signup.occurredAt, expiryMonths: program.expiryMonths, now },
  );
  return processed(`sign-up bonus of ${program.signupBonus} points`);
}
