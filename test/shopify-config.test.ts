import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { WebhookHandler } from '../web/webhooks/handler.js';
import { webhookHandlers } from '../web/webhooks/registry.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const raw = readFileSync(join(root, 'shopify.app.toml'), 'utf8');

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri?: string;
}
interface AppToml {
  embedded?: boolean;
  access_scopes?: { scopes?: string };
  webhooks?: { api_version?: string; subscriptions?: Subscription[] };
  customer?: { metafields?: { app?: Record<string, { type?: string; name?: string }> } };
}
const toml = parse(raw) as AppToml;
const subscriptions = toml.webhooks?.subscriptions ?? [];
const subscribedTopics = subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);

/** Every `topics = [...]` / `compliance_topics = [...]` line of the raw file with its trailing comment. */
const subscriptionLines = raw
  .split('\n')
  .map((line, index) => ({ line, number: index + 1 }))
  .filter(({ line }) => /^\s*(compliance_)?topics\s*=/.test(line))
  .map(({ line, number }) => {
    const match = /^\s*(?:compliance_)?topics\s*=\s*(\[[^\]]*\])\s*(?:#\s*(.*))?$/.exec(line);
    return {
      number,
      line,
      topics: match ? (JSON.parse(match[1]!) as string[]) : [],
      comment: match?.[2]?.trim() ?? '',
    };
  });

describe('shopify.app.toml', () => {
  it('asks for exactly the scopes the app uses', () => {
    const scopes = (toml.access_scopes?.scopes ?? '').split(',').map((scope) => scope.trim());
    expect(scopes.sort()).toEqual(
      ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'].sort(),
    );
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('is an embedded app', () => {
    expect(toml.embedded).toBe(true);
  });

  it('subscribes with API version 2026-07, every topic to POST /api/webhooks', () => {
    expect(toml.webhooks?.api_version).toBe('2026-07');
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) expect(subscription.uri).toBe('/api/webhooks');
  });

  it('subscribes to exactly the topics that have a handler', () => {
    const handled = [...webhookHandlers.keys()];
    // no handler without a subscription, no subscription without a handler, no topic twice
    expect([...new Set(subscribedTopics)].sort()).toEqual(handled.sort());
    expect(subscribedTopics).toHaveLength(new Set(subscribedTopics).size);
    for (const [topic, handler] of webhookHandlers) expect(handler.topic).toBe(topic);
  });

  it('declares the mandatory compliance topics as compliance_topics', () => {
    const compliance = subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(['customers/data_request', 'customers/redact', 'shop/redact']);
  });

  it('names, beside each subscription, the handler file that serves its topic', async () => {
    expect(subscriptionLines).toHaveLength(subscriptions.length);
    for (const { number, line, topics, comment } of subscriptionLines) {
      const where = `shopify.app.toml:${number}: ${line.trim()}`;
      expect(topics, where).toHaveLength(1);
      const file = /^(web\/webhooks\/[a-z0-9-]+\.ts)\b/.exec(comment)?.[1];
      expect(file, `${where}: the comment must start with web/webhooks/<file>.ts`).toBeDefined();
      expect(existsSync(join(root, file!)), `${where}: ${file} exists`).toBe(true);
      const module = (await import(join(root, file!))) as { default?: WebhookHandler };
      expect(module.default?.topic, where).toBe(topics[0]);
      expect(webhookHandlers.get(topics[0]!), `${where}: the registry serves it with that file`).toBe(
        module.default,
      );
    }
  });

  it('declares the app-owned customer metafields the app writes: balance, loyalty JSON, tier, return visit', () => {
    const app = toml.customer?.metafields?.app ?? {};
    expect(app.points_balance?.type).toBe('number_integer');
    expect(app.loyalty?.type).toBe('json');
    expect(app.tier?.type).toBe('single_line_text_field');
    expect(app.return_visit?.type).toBe('json');
  });
});
