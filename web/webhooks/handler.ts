import type { Repositories } from '../db/store.js';
import type { Outcome } from '../use-cases/outcome.js';

export interface WebhookContext {
  shop: string;
  now: Date;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * One topic: `parse` turns the JSON into the flow's input or throws a 400 LoyaltyError before anything is
 * written; `handle` runs inside the delivery's transaction.
 */
export interface WebhookHandler<Input = unknown> {
  topic: string;
  parse(payload: unknown): Input;
  handle(repos: Repositories, input: Input, context: WebhookContext): Promise<Outcome>;
}

export const defineHandler = <Input>(handler: WebhookHandler<Input>): WebhookHandler<Input> => handler;
