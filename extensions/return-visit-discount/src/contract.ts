// Names shared with the app (docs/design.md §4.5). The app writes these metafields; the input query
// (cart_lines_discounts_generate_run.graphql) reads them, and tests/toml.test.ts checks the two agree.
// "$app" is the app-reserved namespace (https://shopify.dev/docs/apps/build/custom-data/ownership).

export const METAFIELD_NAMESPACE = '$app';

/** On the automatic app discount: `{ percentage, minimumSubtotal, regularPriceOnly, tierUplift }`. */
export const CONFIGURATION_METAFIELD_KEY = 'function-configuration';

/** On the customer: `{ eligibleUntil: "YYYY-MM-DD", tier }`, present only while the customer is entitled. */
export const RETURN_VISIT_METAFIELD_KEY = 'return_visit';

/** The percentage when the configuration has no `percentage` key (the issue asks for "more than 10 %"). */
export const DEFAULT_PERCENTAGE = 15;
