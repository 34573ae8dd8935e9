import type { ErrorRequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';

/**
 * The one place errors become HTTP: JSON `{ code, message }` with a fitting status. Unexpected errors are logged
 * with their stack and answered with a generic 500, so nothing internal leaks.
 */
export function errorMiddleware(
  log: (message: string, fields?: Record<string, unknown>) => void,
): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof LoyaltyError) {
      res.status(error.status).json({ code: error.code, message: error.message });
      return;
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError?.type === 'entity.too.large') {
      res
        .status(413)
        .json({ code: 'payload_too_large', message: 'The request body is larger than allowed.' });
      return;
    }
    if (bodyError?.type === 'entity.parse.failed') {
      res.status(400).json({ code: 'invalid_json', message: 'The request body is not valid JSON.' });
      return;
    }
    if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      res.status(bodyError.status).json({ code: 'bad_request', message: 'The request could not be read.' });
      return;
    }
    log('unhandled error', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    res
      .status(500)
      .json({ code: 'internal_error', message: 'Something went wrong on our side. Please retry.' });
  };
}
