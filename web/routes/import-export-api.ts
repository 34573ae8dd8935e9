import { type ErrorRequestHandler, type RequestHandler, type Response, Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Store } from '../db/store.js';
import { readCsvBody } from '../http/csv-body.js';
import { describeError, type Log } from '../logger.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { BALANCE_COLUMNS, LEDGER_COLUMNS } from '../loyalty/export-rows.js';
import { exportBalances } from '../use-cases/export-balances.js';
import { exportLedger } from '../use-cases/export-ledger.js';
import { listImports, showImport } from '../use-cases/show-imports.js';
import { dryRunImport, stageImport } from '../use-cases/stage-import.js';
import { ADMIN_READ_WAIT_MS, PENDING_HEADER } from './admin-api.js';

const MAX_FILE_NAME = 200;

/**
 * The panel's CSV import and export (design.md 4.2). Mounted before the admin API's JSON body parser: an import's
 * body is the file itself, streamed through the parser and staged in chunks, never held in memory whole; exports
 * stream keyset pages from the database through csv-stringify, at the pace the client reads. The shop comes from
 * the verified session token only.
 */
export function importExportApi(deps: {
  store: Store;
  now: () => Date;
  log: Log;
  authenticate: RequestHandler;
  settle: (shop: string, maxWaitMs: number) => Promise<{ pending: number }>;
  imports: { bodyLimit: number; maxRows: number };
}): Router {
  const router = Router();
  const { store, authenticate } = deps;

  router.post('/imports', authenticate, async (req, res) => {
    const dryRun = dryRunParam(req.query.dryRun);
    const upload = {
      shop: res.locals.shop as string,
      staffUserId: res.locals.staffUserId as string | null,
      fileName: fileNameHeader(req.get('X-File-Name')),
      ...readCsvBody(req, deps.imports.bodyLimit),
    };
    if (dryRun) {
      res.json(await dryRunImport(store, upload, deps.imports.maxRows, deps.now()));
      return;
    }
    const { batch, created } = await stageImport(store, upload, deps.imports.maxRows, deps.now());
    res.status(created ? 202 : 200).json({ import: await showImport(store, upload.shop, batch.id) });
  });

  router.get('/imports', authenticate, async (_req, res) => {
    res.json({ imports: await listImports(store, res.locals.shop as string) });
  });

  router.get('/imports/:id', authenticate, async (req, res) => {
    const raw = String(req.params.id);
    const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    res.json({ import: await showImport(store, res.locals.shop as string, id) });
  });

  router.get('/exports/balances.csv', authenticate, async (_req, res) => {
    const shop = await settled(res);
    await sendCsv(
      res,
      fileName(shop, 'balances', deps.now()),
      BALANCE_COLUMNS,
      exportBalances(store, shop, deps.now()),
    );
  });

  router.get('/exports/ledger.csv', authenticate, async (_req, res) => {
    const shop = await settled(res);
    await sendCsv(res, fileName(shop, 'ledger', deps.now()), LEDGER_COLUMNS, exportLedger(store, shop));
  });

  // An upload refused before its end: its remaining bytes are not read, so the connection is closed after the answer
  // (otherwise node would read and discard up to the whole body to reuse it).
  const closeUnread: ErrorRequestHandler = (error, req, res, next) => {
    if (!req.complete) res.set('Connection', 'close');
    next(error);
  };
  router.use(closeUnread);

  /** Like every admin read: the shop's acknowledged webhooks are credited first (bounded wait, see admin-api.ts). */
  async function settled(res: Response): Promise<string> {
    const shop = res.locals.shop as string;
    const { pending } = await deps.settle(shop, ADMIN_READ_WAIT_MS);
    if (pending > 0) res.set(PENDING_HEADER, String(pending));
    return shop;
  }

  /**
   * pipeline: csv-stringify waits for the socket to drain, and the rows' generator is asked for the next row only
   * then; a client that goes away ends the pipeline, which ends the generator and so its page reads. The first row
   * is read before anything is sent, so a failing first read is still an ordinary JSON error.
   */
  async function sendCsv(
    res: Response,
    name: string,
    columns: readonly string[],
    rows: AsyncIterable<Record<string, string>>,
  ): Promise<void> {
    const iterator = rows[Symbol.asyncIterator]();
    const first = await iterator.next();
    async function* all() {
      if (first.done) return;
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => iterator }; // delegates return(): stopping here stops the reads
    }
    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    try {
      // the BOM makes spreadsheet programs read the file as UTF-8 (names with umlauts)
      await pipeline(
        Readable.from(all()),
        stringify({ header: true, columns: [...columns], bom: true }),
        res,
      );
    } catch (error) {
      // the answer has begun: the client must see a cut-off download, never a short file that looks complete
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        deps.log('export failed', { name, error: describeError(error) });
      res.destroy();
    }
  }

  return router;
}

function dryRunParam(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new LoyaltyError('invalid_query', 'dryRun must be true or false.', 400);
}

/** X-File-Name, as sent or percent-encoded (headers carry no other non-ASCII); at most 200 characters. */
function fileNameHeader(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  let name = header.trim();
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded: taken as sent
  }
  if (name.length > MAX_FILE_NAME)
    throw new LoyaltyError(
      'invalid_file_name',
      `X-File-Name must be at most ${MAX_FILE_NAME} characters.`,
      400,
    );
  return name;
}

function fileName(shop: string, what: string, now: Date): string {
  return `${shop.replace(/\.myshopify\.com$/, '')}-${what}-${now.toISOString().slice(0, 10)}.csv`;
}
