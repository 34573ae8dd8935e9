// Entry the Shopify CLI bundles ("It must be in src/index.js or src/index.ts"): its generated Wasm entry
// imports each target's function from here by name, so every toml `export` needs its camelCase export below
// (tests/wiring.test.ts builds that entry). The other exports are pure helpers for the app, which can run the
// function itself for a demo cart and validate the metafield JSON it writes with the same parsers.
export { cartLinesDiscountsGenerateRun } from './cart_lines_discounts_generate_run.js';
export {
  CONFIGURATION_METAFIELD_KEY,
  DEFAULT_PERCENTAGE,
  METAFIELD_NAMESPACE,
  RETURN_VISIT_METAFIELD_KEY,
} from './contract.js';
export { type DiscountConfiguration, discountPercentage, parseConfiguration } from './configuration.js';
export { type ReturnVisit, parseReturnVisit } from './return-visit.js';
