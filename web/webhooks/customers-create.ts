import { awardSignupBonus } from '../use-cases/award-signup-bonus.js';
import { defineHandler } from './handler.js';
import { parseCustomer } from './payloads.js';

export default defineHandler({
  topic: 'customers/create',
  parse: parseCustomer,
  handle: (repos, signup, { shop, now }) => awardSignupBonus(repos, shop, signup, now),
});
