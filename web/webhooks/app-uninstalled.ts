import { uninstallShop } from '../use-cases/uninstall-shop.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  topic: 'app/uninstalled',
  parse: () => undefined, // the shop comes from the verified X-Shopify-Shop-Domain header
  handle: (repos, _input, { shop, now }) => uninstallShop(repos, shop, now),
});
