import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { LoyaltyError } from '../loyalty/errors.js';
import { sniffDelimiter } from '../loyalty/import-columns.js';
import type { ImportRecord } from '../loyalty/import-rows.js';

export interface CsvBody {
  records: AsyncIterable<ImportRecord>;
  /** SHA-256 (hex) of every byte of the body; known once `records` is exhausted. */
  fileHash(): string;
}

const MAX_RECORD_BYTES = 64 * 1024; // a runaway quote must not gather the whole file into one cell
const SNIFF_BYTES = 64 * 1024;

export const tooLarge = (limit: number) =>
  new LoyaltyError(
    'payload_too_large',
    `The file is larger than ${Math.floor(limit / (1024 * 1024))} MB; split it into smaller files.`,
    413,
  );

/**
 * Streams a text/csv request body through csv-parse: nothing is buffered beyond the chunk being parsed, so a
 * 50 MB file costs no more memory than a small one. The body is hashed and counted as it passes (413 past
 * `limit`; a declared Content-Length over it is refused before reading). The delimiter (comma, semicolon, tab)
 * is taken from the first line. Malformed CSV is a 422 naming the line.
 */
export function readCsvBody(req: IncomingMessage, limit: number): CsvBody {
  checkContentType(req.headers['content-type']);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);

  const hash = createHash('sha256');
  let size = 0;
  let digest: string | null = null;
  // req's own iterator, advanced by hand: leaving a for-of loop early would destroy the request, and with it the
  // socket the error answer is sent on
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const nextChunk = async (): Promise<Buffer | null> => {
    const { value, done } = await chunks.next().catch(() => {
      // the client went away; nobody reads the answer, but it must not be logged as our failure
      throw new LoyaltyError('aborted', 'The upload was aborted.', 400);
    });
    if (done) {
      digest ??= hash.digest('hex');
      return null;
    }
    size += value.length;
    if (size > limit) throw tooLarge(limit);
    hash.update(value);
    return value;
  };

  async function* records(): AsyncGenerator<ImportRecord> {
    // the bytes up to the first line break (or the first 64 KB), to choose the delimiter; parsed like the rest
    const head: Buffer[] = [];
    let length = 0;
    while (length < SNIFF_BYTES && !head.at(-1)?.includes(10)) {
      const chunk = await nextChunk();
      if (!chunk) break;
      head.push(chunk);
      length += chunk.length;
    }
    const firstLine = Buffer.concat(head).toString('utf8').split('\n', 1)[0] ?? '';
    const parser = parse({
      delimiter: sniffDelimiter(firstLine),
      bom: true,
      trim: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    // pipeline, not pipe: a failure reading the body (413, an aborted upload) must reach the parser's reader
    pipeline(Readable.from(body(head)), parser, () => undefined);
    // Lines are counted here rather than with csv-parse's `info` (a snapshot object per record, a third of the
    // parsing time): every record is one line plus the line breaks inside its quoted cells, and blank lines come
    // through as records of empty cells, skipped below like rows of nothing but delimiters.
    let line = 1;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        const at = line;
        for (const cell of cells) line += countNewlines(cell);
        line++;
        if (cells.every((cell) => cell === '')) continue;
        yield { line: at, cells };
      }
    } catch (error) {
      if (error instanceof LoyaltyError) throw error;
      const { code, message } = error as { code?: string; message?: string };
      if (typeof code === 'string' && code.startsWith('CSV_'))
        throw new LoyaltyError('invalid_import', `The file is not valid CSV: ${message}`, 422);
      throw error;
    }
  }

  // CRLF becomes LF before parsing: csv-parse counts a CRLF inside a quoted cell as two lines, which would put
  // every later row number off by one (the hash is of the bytes as sent)
  async function* body(head: Buffer[]): AsyncGenerator<Buffer> {
    const lf = lfLineBreaks();
    for (const chunk of head) yield lf.convert(chunk);
    for (let chunk = await nextChunk(); chunk; chunk = await nextChunk()) yield lf.convert(chunk);
    const tail = lf.end();
    if (tail.length) yield tail;
  }

  return {
    records: records(),
    fileHash() {
      if (digest === null) throw new Error('the body has not been read to its end');
      return digest;
    },
  };
}

/** text/csv (application/csv too), in UTF-8 (the default); anything else is 415. */
function checkContentType(header: string | undefined): void {
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (
    (type === 'text/csv' || type === 'application/csv') &&
    (!charset || /^(utf-?8|us-ascii)$/.test(charset))
  )
    return;
  throw new LoyaltyError('unsupported_media_type', 'Send the file as Content-Type: text/csv (UTF-8).', 415);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Drops the CR of every CRLF, across chunk boundaries (a chunk may end between the two bytes). */
function lfLineBreaks() {
  let carry = false; // the previous chunk ended with a CR, held back
  return {
    convert(chunk: Buffer): Buffer {
      const data = carry ? Buffer.concat([CR, chunk]) : chunk;
      carry = data.length > 0 && data[data.length - 1] === 0x0d;
      const end = carry ? data.length - 1 : data.length;
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = data.indexOf(CRLF, from); at >= 0 && at < end; at = data.indexOf(CRLF, from)) {
        parts.push(data.subarray(from, at));
        from = at + 1; // keep the LF
      }
      parts.push(data.subarray(from, end));
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    },
    end: (): Buffer => (carry ? CR : Buffer.alloc(0)),
  };
}

const CR = Buffer.from('\r');
const CRLF = Buffer.from('\r\n');
