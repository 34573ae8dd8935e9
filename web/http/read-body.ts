import type { IncomingMessage } from 'node:http';
import { LoyaltyError } from '../loyalty/errors.js';
import type { BudgetHold } from './byte-budget.js';

const tooLarge = () => new LoyaltyError('payload_too_large', 'The request body is larger than allowed.', 413);
const busy = () =>
  new LoyaltyError('busy', 'Too many webhook bytes are being received; please deliver again shortly.', 503);
// The client went away; nobody reads the answer, but it must not be logged as our failure.
const aborted = () => new LoyaltyError('aborted', 'The request was aborted.', 400);

/**
 * Reads a request body into one Buffer: at most `limit` bytes (413), every byte counted against `hold` before it
 * is kept. A declared Content-Length is taken whole, up front, so a request that could not fit is refused before
 * its first body byte is read; a chunked body is counted as it arrives and refused (503) once it no longer fits.
 * After a refusal the request is paused and not read further.
 */
export function readBody(req: IncomingMessage, limit: number, hold: BudgetHold): Promise<Buffer> {
  const header = req.headers['content-length'];
  const declared = header === undefined ? null : Number(header); // node:http has checked it is digits
  if (declared !== null && declared > limit) return Promise.reject(tooLarge());
  if (declared !== null && !hold.take(declared)) return Promise.reject(busy());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const refuse = (error: LoyaltyError) => {
      req.off('data', onData);
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse(tooLarge());
      if (declared === null && !hold.take(chunk.length)) return refuse(busy());
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', () => reject(aborted()));
    req.once('close', () => {
      if (!req.complete) reject(aborted());
    });
  });
}
