import type { FlowRepositories, Repositories } from '../db/store.js';
import type { Outcome } from '../use-cases/outcome.js';
import type { BuyerKey } from './buyer-key.js';

export interface WebhookContext {
  shop: string;
  now: Date;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** A guest's e-mail as the keyed hash that is stored instead (web/webhooks/buyer-key.ts). */
  buyerKey: BuyerKey;
}

/**
 * What a ledger flow will look up for one delivery, so that a batch loads it for all deliveries at once: order
 * ids (award, waiting reversals, the order lock), Shopify customer ids, and ledger idempotency keys it checks.
 * Anything a flow needs beyond these is still read, one statement at a time, so hints are a speed-up only.
 */
export interface BatchHints {
  orders: string[];
  customers: string[];
  ledgerKeys: string[];
}

/**
 * One topic: `parse` turns the JSON into the flow's input or throws a 400 LoyaltyError before anything is
 * written; `handle` runs inside the delivery's transaction. Ledger flows (`ledger` set) touch only
 * FlowRepositories, so the inbox credits many of them in one transaction (web/use-cases/credit-deliveries.ts).
 */
export interface WebhookHandler<Input = unknown> {
  topic: string;
  parse(payload: unknown): Input;
  /**
   * A cheap check the acknowledgement path asks first: true only when `parse` would succeed (then `parse` is
   * not run there); false when it might not, and `parse` decides.
   */
  surelyParses?(payload: unknown): boolean;
  handle(repos: Repositories, input: Input, context: WebhookContext): Promise<Outcome>;
  ledger?: {
    hints(input: Input): BatchHints;
    handle(repos: FlowRepositories, input: Input, context: WebhookContext): Promise<Outcome>;
  };
}

export const defineHandler = <Input>(handler: WebhookHandler<Input>): WebhookHandler<Input> => handler;

/** A handler whose flow is a ledger flow: it can run alone or in a batch, with the same code. */
export function defineLedgerHandler<Input>(handler: {
  topic: string;
  parse(payload: unknown): Input;
  surelyParses?(payload: unknown): boolean;
  hints(input: Input): BatchHints;
  handle(repos: FlowRepositories, input: Input, context: WebhookContext): Promise<Outcome>;
}): WebhookHandler<Input> {
  const { topic, parse, surelyParses, hints, handle } = handler;
  return { topic, parse, ...(surelyParses && { surelyParses }), handle, ledger: { hints, handle } };
}
