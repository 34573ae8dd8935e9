import { connect, type Socket } from 'node:net';

/**
 * A raw TCP connection to the server under test, for what fetch cannot do: send half a request and hold it,
 * or see exactly when the server closes the connection.
 */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent, once the connection is closed (by either side, reset included). */
  closed: Promise<string>;
  write(data: string | Buffer): void;
}

export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined); // a reset still ends in 'close'
  const closed = new Promise<string>((resolve) => {
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('close', () => reject(new Error('connection closed before it was established')));
  });
  return { socket, closed, write: (data) => socket.write(data) };
}

/** The request line and headers of a POST, ending with the blank line; the body is up to the caller. */
export function requestHead(path: string, headers: Record<string, string>): string {
  const lines = Object.entries({ Host: '127.0.0.1', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the server under test
}

/** Parses one HTTP/1.1 response with a Content-Length body (what the server under test sends). */
export function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  const raw = text.slice(end + 4);
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: keep the text so a failing assertion shows it
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/**
 * Polls `check` until it holds. The bound is a safety net against hanging, never a speed expectation.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
