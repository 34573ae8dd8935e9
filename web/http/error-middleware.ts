import type { ErrorRequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';

type Log = (message: string, fields?: Record<string, unknown>) => void;

export interface ErrorReply {
  status: number;
  body: { code: string; message: string; [detail: string]: unknown };
  headers: Record<string, string>;
}

/**
 * The one place errors become HTTP: JSON `{ code, message }` with a fitting status, for the Express app
 * (errorMiddleware) and the webhook fast path alike; a LoyaltyError's details join the body (never replacing
 * `code` or `message`). Unexpected errors are logged with their stack and answered with a generic 500, so
 * nothing internal leaks.
 */
export function errorReply(error: unknown, log: Log): ErrorReply {
  if (error instanceof LoyaltyError) return reply(error.status, error.code, error.message, error.details);
  const bodyError = error as { type?: string; status?: number };
  if (bodyError?.type === 'entity.too.large')
    return reply(413, 'payload_too_large', 'The request body is larger than allowed.');
  if (bodyError?.type === 'entity.parse.failed')
    return reply(400, 'invalid_json', 'The request body is not valid JSON.');
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500)
    return reply(bodyError.status, 'bad_request', 'The request could not be read.');
  log('unhandled error', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return reply(500, 'internal_error', 'Something went wrong on our side. Please retry.');
}

export function errorMiddleware(log: Log): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const { status, body, headers } = errorReply(error, log);
    res.status(status).set(headers).json(body);
  };
}

function reply(
  status: number,
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): ErrorReply {
  // code and message come first in the JSON, and a detail cannot replace them
  const body = Object.assign({ code, message }, details, { code, message });
  // 503 means "come back soon" (busy database, too many unverified bytes); say when, in seconds.
  return { status, body, headers: status === 503 ? { 'Retry-After': '1' } : {} };
}
