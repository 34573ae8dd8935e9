/**
 * What the simulated storefront sells, for its cart builder: the demo coffee shop's regular-priced goods, a few sale
 * items (a compare-at price above the price, which Shopify shows as a saving) and a gift card, so a cart can show
 * each rule of the return-visit discount. Prices in the shop's currency (EUR), as decimal strings like Shopify's.
 */
import { toCents } from './shopify-payloads.js';

export interface CatalogItem {
  sku: string;
  title: string;
  price: string;
  /** Shopify's compare-at price; above `price` means on sale. Null when the item has none. */
  compareAt: string | null;
  giftCard: boolean;
  /** The ProductVariant the cart line points at (merchandise.id in the function's input). */
  variantId: number;
}

export const DEMO_CATALOG: readonly CatalogItem[] = [
  regular('espresso-1kg', 'Espresso Bohnen 1 kg', '24.90', 801),
  regular('filter-500g', 'Filterkaffee Hausmischung 500 g', '12.90', 802),
  regular('grinder', 'Handmühle', '89.00', 803),
  // A compare-at price equal to the price is no saving, so the item counts as regular-priced (the function's rule).
  { ...regular('mug', 'Keramiktasse', '12.50', 804), compareAt: '12.50' },
  sale('dripper', 'Handfilter Porzellan', '14.90', '19.90', 811),
  sale('milk-jug', 'Milchkännchen', '9.90', '14.90', 812),
  sale('tea-set', 'Teeprobe Set', '6.90', '9.90', 813),
  { ...regular('gift-card-25', 'Geschenkgutschein 25 €', '25.00', 821), giftCard: true },
];

function regular(sku: string, title: string, price: string, variantId: number): CatalogItem {
  return { sku, title, price, compareAt: null, giftCard: false, variantId };
}

function sale(sku: string, title: string, price: string, compareAt: string, variantId: number): CatalogItem {
  return { sku, title, price, compareAt, giftCard: false, variantId };
}

/** On sale: a compare-at price above the price (the same test as the function's isRegularPriced). */
export const onSale = (item: CatalogItem) =>
  item.compareAt !== null && toCents(item.compareAt) > toCents(item.price);
