import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvBody } from './csv-body.js';

/** A request whose body arrives in the given chunks. */
function request(chunks: string[], headers: Record<string, string> = { 'content-type': 'text/csv' }) {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), {
    headers,
  }) as unknown as IncomingMessage;
}

async function read(chunks: string[], limit = 1024 * 1024) {
  const body = readCsvBody(request(chunks), limit);
  const records = [];
  for await (const record of body.records) records.push(record);
  return { records, fileHash: body.fileHash() };
}

// blank lines, a line of spaces and one of nothing but a delimiter (spreadsheets leave those) are skipped
const FILE = 'id;points\r\n1;"a\r\nb"\r\n\r\n3;4\r\n  \r\n;\r\n5;6\r\n';

describe('readCsvBody', () => {
  it('numbers records by the line they start on (header = line 1), skipping empty rows, wherever the chunks split', async () => {
    for (let split = 0; split <= FILE.length; split++) {
      const { records, fileHash } = await read([FILE.slice(0, split), FILE.slice(split)]);
      expect(records).toEqual([
        { line: 1, cells: ['id', 'points'] },
        { line: 2, cells: ['1', 'a\nb'] },
        { line: 5, cells: ['3', '4'] },
        { line: 8, cells: ['5', '6'] },
      ]);
      expect(fileHash).toBe(createHash('sha256').update(FILE).digest('hex'));
    }
  });

  it('takes the delimiter from the first line and drops a BOM', async () => {
    const { records } = await read(['\uFEFFid\tpoints\n', '7\t8\n']);
    expect(records.map((r) => r.cells)).toEqual([
      ['id', 'points'],
      ['7', '8'],
    ]);
  });

  it('refuses a declared body over the limit before reading, and a longer one as it arrives', async () => {
    const declared = request(['x'], { 'content-type': 'text/csv', 'content-length': '2000' });
    expect(() => readCsvBody(declared, 1000)).toThrow(expect.objectContaining({ status: 413 }));
    await expect(read(['id,points\n', 'x'.repeat(2000)], 1000)).rejects.toMatchObject({
      code: 'payload_too_large',
      status: 413,
    });
  });

  it.each([['application/json'], ['text/plain'], ['text/csv; charset=windows-1252'], ['']])(
    'refuses Content-Type %j with 415',
    (type) => {
      expect(() => readCsvBody(request([], { 'content-type': type }), 1000)).toThrow(
        expect.objectContaining({ code: 'unsupported_media_type', status: 415 }),
      );
    },
  );

  it('accepts text/csv with a UTF-8 charset, and application/csv', () => {
    for (const type of ['text/csv; charset=UTF-8', 'Text/CSV', 'application/csv'])
      expect(() => readCsvBody(request([], { 'content-type': type }), 1000)).not.toThrow();
  });

  it('refuses malformed CSV with 422, naming the problem', async () => {
    await expect(read(['id,points\n"1,2\n'])).rejects.toMatchObject({
      code: 'invalid_import',
      status: 422,
      message: expect.stringMatching(/^The file is not valid CSV: /),
    });
  });
});
