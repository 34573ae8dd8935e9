import type { Repositories } from '../db/store.js';

/** After Shopify granted an offline token (OAuth or token exchange): the shop exists and counts as installed. */
export async function installShop(repos: Repositories, shop: string, now: Date): Promise<void> {
  await repos.shops.ensure(shop);
  await repos.shops.markInstalled(shop, now);
}
