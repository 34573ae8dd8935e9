/**
 * The floor the app is measured against: the least a correct webhook endpoint must do (read the body, verify the
 * HMAC in constant time, parse the JSON) on plain node:http, with no framework and no database.
 *
 *   PORT (required)  SHOPIFY_API_SECRET (required)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ServerResponse, createServer } from 'node:http';
import { env } from 'node:process';

const port = Number(env.PORT);
const secret = env.SHOPIFY_API_SECRET ?? '';
if (!port || !secret) throw new Error('bare-server needs PORT and SHOPIFY_API_SECRET');

const reply = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return reply(res, 200, '{"ok":true}');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers['x-shopify-hmac-sha256'] ?? ''), 'base64');
    const expected = createHmac('sha256', secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply(res, 401, '{"code":"unauthorized","message":"bad hmac"}');
    }
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 400, '{"code":"bad_request","message":"malformed body"}');
    }
    reply(res, 200, '{}');
  });
});

server.listen(port, '127.0.0.1', () => console.log(`bare server listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
