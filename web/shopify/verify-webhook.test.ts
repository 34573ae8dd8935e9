import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { createHmac, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoyaltyError } from '../loyalty/errors.js';
import { verifyWebhook, type VerifiedWebhook } from './verify-webhook.js';

const SECRET = 'webhook-test-secret';
const SHOP = 'test-shop.myshopify.com';

const shopify = shopifyApi({
  apiKey: 'test-api-key',
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  hostName: 'loyalty.example.test',
  future: { customerAddressDefaultFix: true, unstable_managedPricingSupport: true },
  logger: { level: LogSeverity.Error },
});

const sign = (body: string | Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('base64');

/** Header names as Shopify sends them; the library gets them lower-cased, as node's http parser delivers them. */
function headersFor(body: string, overrides: Record<string, string | undefined> = {}) {
  const headers: Record<string, string | undefined> = {
    'X-Shopify-Topic': 'orders/paid',
    'X-Shopify-Hmac-Sha256': sign(body),
    'X-Shopify-Shop-Domain': SHOP,
    'X-Shopify-API-Version': '2026-07',
    'X-Shopify-Webhook-Id': randomUUID(),
    'X-Shopify-Event-Id': randomUUID(),
    'X-Shopify-Triggered-At': new Date().toISOString(),
    'Content-Type': 'application/json',
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

type Verdict =
  | { valid: true; fields: Pick<VerifiedWebhook, 'shop' | 'webhookId' | 'apiVersion' | 'eventId'> }
  | { valid: false; reason: string; missingHeaders?: string[] };

async function libraryVerdict(rawBody: string, headers: Record<string, string>): Promise<Verdict> {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/api/webhooks';
  req.headers = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const res = new ServerResponse(req);
  const result = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
  if (!result.valid) {
    return {
      valid: false,
      reason: result.reason,
      ...('missingHeaders' in result && { missingHeaders: result.missingHeaders }),
    };
  }
  return {
    valid: true,
    fields: {
      shop: result.domain,
      webhookId: result.webhookId,
      apiVersion: result.apiVersion,
      eventId: 'eventId' in result && result.eventId ? result.eventId : null,
    },
  };
}

/** Our verdict in the library's terms: 401 is a signature problem, 400 missing_headers / missing_body the same. */
function ourVerdict(rawBody: Buffer, headers: Record<string, string>): Verdict & { status?: number } {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  try {
    const verified = verifyWebhook(SECRET, rawBody, (name) => lower[name.toLowerCase()]);
    return {
      valid: true,
      fields: {
        shop: verified.shop,
        webhookId: verified.webhookId,
        apiVersion: verified.apiVersion,
        eventId: verified.eventId,
      },
    };
  } catch (error) {
    if (!(error instanceof LoyaltyError)) throw error;
    if (error.status === 401) {
      const reason = headers['X-Shopify-Hmac-Sha256'] === undefined ? 'missing_hmac' : 'invalid_hmac';
      expect(error.code).toBe('invalid_hmac');
      return { valid: false, reason, status: 401 };
    }
    expect(error.status).toBe(400);
    return { valid: false, reason: error.code, status: 400 };
  }
}

const ORDER = JSON.stringify({ id: 820982911946154500, currency: 'EUR', note: 'plain ascii' });
const UMLAUTS = JSON.stringify({ id: 1, note: 'Grüße aus Köln – Bärbel Müßig, Straße 5', emoji: '🎁' });
const withoutHeader = (body: string, name: string) => headersFor(body, { [name]: undefined });

type Case = {
  name: string;
  body: string;
  rawBody?: Buffer;
  headers: Record<string, string>;
  expected: string;
};
const cases: Case[] = [
  { name: 'a valid signature', body: ORDER, headers: headersFor(ORDER), expected: 'valid' },
  {
    name: 'a signature made with another secret',
    body: ORDER,
    headers: headersFor(ORDER, { 'X-Shopify-Hmac-Sha256': sign(ORDER, 'another-secret') }),
    expected: 'invalid_hmac',
  },
  {
    name: 'a body altered after signing',
    body: ORDER.replace('EUR', 'USD'),
    headers: headersFor(ORDER),
    expected: 'invalid_hmac',
  },
  {
    name: 'a body with one byte appended after signing',
    body: `${ORDER} `,
    headers: headersFor(ORDER),
    expected: 'invalid_hmac',
  },
  {
    name: 'a signature that is not base64 of a SHA-256 HMAC',
    body: ORDER,
    headers: headersFor(ORDER, { 'X-Shopify-Hmac-Sha256': 'not-a-signature' }),
    expected: 'invalid_hmac',
  },
  {
    name: 'the right HMAC, hex encoded instead of base64',
    body: ORDER,
    headers: headersFor(ORDER, {
      'X-Shopify-Hmac-Sha256': createHmac('sha256', SECRET).update(ORDER).digest('hex'),
    }),
    expected: 'invalid_hmac',
  },
  {
    name: 'no X-Shopify-Hmac-Sha256 header',
    body: ORDER,
    headers: withoutHeader(ORDER, 'X-Shopify-Hmac-Sha256'),
    expected: 'missing_hmac',
  },
  ...['X-Shopify-Topic', 'X-Shopify-Shop-Domain', 'X-Shopify-API-Version', 'X-Shopify-Webhook-Id'].map(
    (header): Case => ({
      name: `no ${header} header`,
      body: ORDER,
      headers: withoutHeader(ORDER, header),
      expected: 'missing_headers',
    }),
  ),
  {
    name: 'none of the required headers but a valid signature',
    body: ORDER,
    headers: {
      'X-Shopify-Hmac-Sha256': sign(ORDER),
      'Content-Type': 'application/json',
    },
    expected: 'missing_headers',
  },
  {
    name: 'a wrong signature and a missing header (the signature is checked first)',
    body: ORDER,
    headers: headersFor(ORDER, { 'X-Shopify-Hmac-Sha256': sign(ORDER, 'x'), 'X-Shopify-Topic': undefined }),
    expected: 'invalid_hmac',
  },
  {
    name: 'a non-ASCII body (umlauts, emoji)',
    body: UMLAUTS,
    headers: headersFor(UMLAUTS),
    expected: 'valid',
  },
  {
    name: 'a non-ASCII body signed over other bytes (latin1)',
    body: UMLAUTS,
    headers: headersFor(UMLAUTS, { 'X-Shopify-Hmac-Sha256': sign(Buffer.from(UMLAUTS, 'latin1')) }),
    expected: 'invalid_hmac',
  },
  {
    name: 'no X-Shopify-Event-Id (optional)',
    body: ORDER,
    headers: withoutHeader(ORDER, 'X-Shopify-Event-Id'),
    expected: 'valid',
  },
  {
    name: 'an empty body with a valid signature',
    body: '',
    headers: headersFor(''),
    expected: 'missing_body',
  },
];

describe('verifyWebhook agrees with @shopify/shopify-api webhooks.validate()', () => {
  it.each(cases)('on $name', async ({ body, headers, expected }) => {
    const library = await libraryVerdict(body, headers);
    const ours = ourVerdict(Buffer.from(body, 'utf8'), headers);
    // the library is the reference: first make sure the case means what its name says
    expect(library.valid ? 'valid' : library.reason).toBe(expected);
    expect(ours.valid ? 'valid' : ours.reason).toBe(expected);
    if (library.valid && ours.valid) expect(ours.fields).toEqual(library.fields);
    if (!library.valid && !ours.valid) {
      expect(ours.status).toBe(expected === 'invalid_hmac' || expected === 'missing_hmac' ? 401 : 400);
    }
    if (!library.valid && library.missingHeaders) {
      let message = '';
      try {
        verifyWebhook(SECRET, Buffer.from(body, 'utf8'), (name) => headers[name]);
      } catch (error) {
        message = (error as Error).message;
      }
      for (const header of library.missingHeaders) expect(message).toContain(header);
    }
  });

  it('checks the signature over the exact bytes received', () => {
    const bytes = Buffer.from(UMLAUTS, 'utf8');
    const headers = headersFor(UMLAUTS);
    expect(() => verifyWebhook(SECRET, bytes, (name) => headers[name])).not.toThrow();
    // the same text in another encoding is another body
    const latin1 = Buffer.from(UMLAUTS, 'latin1');
    expect(() => verifyWebhook(SECRET, latin1, (name) => headers[name])).toThrow(
      expect.objectContaining({ code: 'invalid_hmac', status: 401 }),
    );
  });
});

describe('verifyWebhook, rules beyond the library', () => {
  const verdict = (headers: Record<string, string>, body = ORDER) => {
    try {
      return verifyWebhook(SECRET, Buffer.from(body, 'utf8'), (name) => headers[name]);
    } catch (error) {
      return error as LoyaltyError;
    }
  };

  it.each([
    'evil.example.com',
    'test-shop.myshopify.com.evil.com',
    '-shop.myshopify.com',
    'shop.myshopify.co',
  ])('refuses a signed delivery for the shop domain %s with 400 invalid_shop_domain', async (domain) => {
    const headers = headersFor(ORDER, { 'X-Shopify-Shop-Domain': domain });
    expect((await libraryVerdict(ORDER, headers)).valid).toBe(true); // the library lets it through
    expect(verdict(headers)).toMatchObject({
      name: 'LoyaltyError',
      code: 'invalid_shop_domain',
      status: 400,
    });
  });

  it('normalises the shop domain and topic to lower case', () => {
    const headers = headersFor(ORDER, {
      'X-Shopify-Shop-Domain': 'Test-Shop.MyShopify.com',
      'X-Shopify-Topic': 'ORDERS/PAID',
    });
    expect(verdict(headers)).toMatchObject({ shop: SHOP, topic: 'orders/paid' });
  });

  const SHOP_SUFFIX = '.myshopify.com';
  const longestShop = `${'a'.repeat(255 - SHOP_SUFFIX.length)}${SHOP_SUFFIX}`;

  it.each([
    ['X-Shopify-Event-Id', 'x'.repeat(8000), 'invalid_event_id'],
    ['X-Shopify-Event-Id', 'e'.repeat(129), 'invalid_event_id'],
    ['X-Shopify-Event-Id', 'event id with spaces', 'invalid_event_id'],
    ['X-Shopify-Event-Id', "1' OR '1'='1", 'invalid_event_id'],
    ['X-Shopify-Webhook-Id', 'w'.repeat(129), 'invalid_webhook_id'],
    ['X-Shopify-Webhook-Id', 'wh/../../etc', 'invalid_webhook_id'],
    ['X-Shopify-Topic', 'orders/paid/extra', 'invalid_topic'],
    ['X-Shopify-Topic', 'orders', 'invalid_topic'],
    ['X-Shopify-Topic', 'orders/paid2', 'invalid_topic'],
    ['X-Shopify-Topic', `orders/${'p'.repeat(58)}`, 'invalid_topic'],
    ['X-Shopify-API-Version', '2026-13', 'invalid_api_version'],
    ['X-Shopify-API-Version', '2026-07-rc', 'invalid_api_version'],
    ['X-Shopify-API-Version', 'v'.repeat(5000), 'invalid_api_version'],
    ['X-Shopify-Shop-Domain', `a${longestShop}`, 'invalid_shop_domain'],
  ])(
    'refuses a signed delivery whose %s is malformed (%#) with 400 and its own code',
    async (name, value, code) => {
      const headers = headersFor(ORDER, { [name]: value });
      expect((await libraryVerdict(ORDER, headers)).valid).toBe(true); // the library lets it through
      expect(verdict(headers)).toMatchObject({ name: 'LoyaltyError', code, status: 400 });
    },
  );

  it.each([
    ['X-Shopify-Event-Id', 'e'.repeat(128)],
    ['X-Shopify-Event-Id', 'Shopify.Event:1.2_3-4'],
    ['X-Shopify-Webhook-Id', 'W'.repeat(128)],
    ['X-Shopify-Topic', 'customers/data_request'],
    ['X-Shopify-Topic', 'customer.tags_added'],
    ['X-Shopify-Topic', `orders/${'p'.repeat(57)}`],
    ['X-Shopify-API-Version', 'unstable'],
    ['X-Shopify-API-Version', '2025-10'],
    ['X-Shopify-Shop-Domain', longestShop],
  ])('accepts %s at the edge of its format: %s', (name, value) => {
    const verified = verdict(headersFor(ORDER, { [name]: value }));
    expect(verified).not.toBeInstanceOf(LoyaltyError);
  });

  it('treats an empty X-Shopify-Event-Id as absent (keyed by the webhook id), as empty required headers are', () => {
    expect(verdict(headersFor(ORDER, { 'X-Shopify-Event-Id': '' }))).toMatchObject({ eventId: null });
  });

  it('answers an unsigned delivery with a malformed header 401, not the format error: signature first', () => {
    const headers = headersFor(ORDER, {
      'X-Shopify-Hmac-Sha256': sign(ORDER, 'not-the-secret'),
      'X-Shopify-Event-Id': 'x'.repeat(8000),
    });
    expect(verdict(headers)).toMatchObject({ code: 'invalid_hmac', status: 401 });
  });

  it('answers an unsigned empty request 401 (the library would say missing_body): signature first', async () => {
    const headers = withoutHeader('', 'X-Shopify-Hmac-Sha256');
    expect(await libraryVerdict('', headers)).toMatchObject({ valid: false, reason: 'missing_body' });
    expect(verdict(headers, '')).toMatchObject({ code: 'invalid_hmac', status: 401 });
  });
});
