import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { awardSignupBonus } from '../use-cases/award-signup-bonus.js';
import { defineLedgerHandler } from './handler.js';
import { parseCustomer } from './payloads.js';

export default defineLedgerHandler({
  topic: 'customers/create',
  parse: parseCustomer,
  hints: (signup) => ({
    orders: [],
    customers: [signup.customerId],
    ledgerKeys: [ledgerKeys.signup(signup.customerId)],
  }),
  handle: (repos, signup, { shop, now }) => awardSignupBonus(repos, shop, signup, now),
});
