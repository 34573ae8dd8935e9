// `npm run demo`: the real server on its own SQLite file (data/demo.sqlite), with a simulated, installed demo shop.
// Opt-in only: nothing in the production entry point (web/server.ts) knows about demo mode.
import { Session } from '@shopify/shopify-api';
import { ConfigError } from '../config/config.js';
import { startServer, type RunningServer } from '../server.js';
import { databaseCommand, demoServerConfig } from './demo-config.js';
import { seedDemoHistory } from './demo-history.js';
import { demoPanelHost } from './demo-panel-host.js';
import { startSeeded } from './seed-before-jobs.js';
import { seedDemoProgram } from './demo-program.js';
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from './demo-shop.js';
import { startDemoStorefront } from './demo-storefront.js';
import { signSessionToken } from './session-token.js';
import { installSimulatedShopify } from './simulated-shopify.js';

const config = (() => {
  try {
    return demoServerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
})();

// Shopify's side (token exchange, Admin GraphQL for discount codes) is simulated; nothing leaves this machine.
const simulated = installSimulatedShopify({
  apiKey: config.shopify.apiKey,
  apiSecret: config.shopify.apiSecret,
  scopes: config.shopify.scopes,
});
// The merchant panel opens standalone at /, with session tokens from a demo-only route (demo-panel-host.ts).
const panelHost = demoPanelHost({
  apiKey: config.shopify.apiKey,
  apiSecret: config.shopify.apiSecret,
  shop: DEMO_SHOP_DOMAIN,
});
// The jobs start only once the back-dated history is in (seed-before-jobs.ts).
const running = await startSeeded(
  config,
  (held) => startServer(held, undefined, undefined, { host: panelHost }),
  async (server) => {
    await seedDemoShop(server);
    await seedDemoHistory(server, { shop: DEMO_SHOP_DOMAIN, now: new Date(), admin: simulated.admin });
  },
);
// Shopify's storefront stand-in, on the next port: another origin, as the checkout and customer account are.
// Always loopback, whatever HOST says: it signs session tokens for anyone who asks.
const storefront = await startDemoStorefront({
  appUrl: running.url,
  shop: DEMO_SHOP_DOMAIN,
  apiKey: config.shopify.apiKey,
  apiSecret: config.shopify.apiSecret,
  simulated,
  port: Number(new URL(running.url).port) + 1,
  host: '127.0.0.1',
});

const base = running.url;
const token = signSessionToken({
  secret: config.shopify.apiSecret,
  apiKey: config.shopify.apiKey,
  shop: DEMO_SHOP_DOMAIN,
  expiresInSeconds: 3600,
});
const line = '='.repeat(78);
console.log(`
${line}
  DEMO MODE: simulated shop, public demo credentials. Never expose this server.
${line}
  Shop             ${DEMO_SHOP_DOMAIN} (installed, offline session seeded)
  Database         ${config.database.kind} ${'file' in config.database ? config.database.file : '(DEMO_DATABASE_URL)'}
                   demo only, separate from production's (DATABASE_URL, default data/loyalty.sqlite)
                   open it with: ${databaseCommand(config.database)}
  Listening on     ${config.host}:${new URL(running.url).port}
  Webhook URL      ${base}/api/webhooks
  Webhook secret   ${config.shopify.apiSecret}   (HMAC-SHA256, X-Shopify-Hmac-Sha256)
  API key          ${config.shopify.apiKey}   (session token aud)
  Merchant panel   ${base}/   (standalone, marked "Demo shop"; tokens from /demo/session-token)
  Health           ${base}/healthz
  Embedded page    ${base}/?shop=${DEMO_SHOP_DOMAIN}&id_token=<session token below>
  Storefront       ${storefront.url}/   SIMULATED storefront (not Shopify): redeem points,
                   see the codes in the simulated Admin, order with a code, build a cart
                   and see what the return-visit Discount Function gives it
  Order counts     simulated: the simulated Admin counts the orders demo:orders reports to
                   the storefront server and the storefront's own; a customer nobody
                   reported counts as 1. The return-visit discount needs exactly 1.

  Send a stream of signed orders, refunds and cancellations:
    npm run demo:orders
  Look at a customer (session token valid for one hour):
    curl -H 'Authorization: Bearer ${token}' ${base}/api/customers
${line}
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(
    signal,
    () => void Promise.all([storefront.close(), running.close()]).then(() => process.exit(0)),
  );
}

/**
 * Installs the demo shop: shop row, a program with a sign-up bonus and redemption options (demo-program.ts; an
 * older demo database gets the options added), the return-visit state made to match the empty simulated Admin,
 * and an offline session. Idempotent.
 */
async function seedDemoShop({ store, shopify }: RunningServer) {
  await store.transaction(async (repos) => {
    await repos.shops.ensure(DEMO_SHOP_DOMAIN, 'EUR');
    await seedDemoProgram(repos, DEMO_SHOP_DOMAIN, new Date());
    // The simulated Admin starts empty with every start, so what the app wrote to it in an earlier run on this
    // database (the automatic discount, the customers' return_visit metafields) is gone: forget the discount's id
    // and put the granted customers back to grant_due, so the sync-return-visits job writes both again.
    await repos.shops.markReturnVisitSynced(DEMO_SHOP_DOMAIN, null, -1); // -1: no version, the flag stays
    await repos.shops.markReturnVisitSyncDue(DEMO_SHOP_DOMAIN);
    for (const row of await repos.returnVisits.inStatus('granted', 10_000))
      if (row.shop === DEMO_SHOP_DOMAIN)
        await repos.returnVisits.transition(
          row.shop,
          row.customerId,
          'granted',
          'grant_due',
          'demo restarted',
        );
  });
  const session = new Session({
    id: shopify.api.session.getOfflineId(DEMO_SHOP_DOMAIN),
    shop: DEMO_SHOP_DOMAIN,
    state: 'demo',
    isOnline: false,
    accessToken: DEMO_ACCESS_TOKEN,
    scope: config.shopify.scopes.join(','),
  });
  await shopify.config.sessionStorage.storeSession(session);
}
