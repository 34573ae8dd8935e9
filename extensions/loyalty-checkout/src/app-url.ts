/**
 * The app backend. Extensions are static bundles and cannot read the server's environment at runtime, so this
 * is the one place to change: set it to your app's URL (shopify.app.toml's `application_url`) before
 * `shopify app deploy`. Requests to it need `network_access`, approved for the app in the Partner Dashboard:
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/configuration#network-access
 */
export const APP_URL = 'https://loyalty.example.com';
