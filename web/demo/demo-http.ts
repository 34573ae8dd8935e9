// JSON in and out for the simulated storefront's small node:http server (demo-storefront.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const problem = (code: string, message: string) => ({ code, message });

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The body as a JSON object; null when it is not one or is longer than `limit` characters. */
export async function readJson(req: IncomingMessage, limit = 4096): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > limit) return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
