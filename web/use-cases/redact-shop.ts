import type { Repositories } from '../db/store.js';
import { type Outcome, processed } from './outcome.js';

/** shop/redact: everything stored for the shop is deleted. */
export async function redactShop(repos: Repositories, shop: string): Promise<Outcome> {
  await repos.gdpr.redactShop(shop);
  return processed('all shop data deleted');
}
