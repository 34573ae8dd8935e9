import type { Repositories } from '../db/store.js';
import { type Outcome, processed } from './outcome.js';

/** app/uninstalled: the access tokens go, loyalty data stays (merchants reinstall; shop/redact deletes it later). */
export async function uninstallShop(repos: Repositories, shop: string, now: Date): Promise<Outcome> {
  await repos.shops.markUninstalled(shop, now);
  return processed('sessions removed, shop marked uninstalled, loyalty data kept');
}
