// The SQLite inbox writer's thread (see inbox-writer.ts). It owns one connection and commits each batch it is
// sent with a full fsync, so the main thread goes on reading and checking requests meanwhile: the next batch
// grows while this one syncs (group commit without blocking the event loop). Plain JS: it runs unchanged under
// tsx, vitest and the compiled build.
import Database from 'better-sqlite3';
import { Buffer } from 'node:buffer';
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

const { file, busyTimeoutMs } = workerData;
// Waiting for the write lock blocks only this thread. Within the process, writes take turns (Store.exclusive), so
// the lock is found taken only by another process (a migration, the CLI).
const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL'); // the 2xx promises durability: sync the WAL on every commit

// Checkpoints: after this thread's own commits, as SQLite does by default, and once a second for what the app's
// connection committed, so that connection rarely reaches the 1,000-page threshold itself: there a checkpoint
// (copying the WAL into the database, then an fsync) would run on the event loop. PASSIVE never waits for
// readers and costs nothing when there is nothing to copy.
const checkpoints = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // the next second tries again; a failed checkpoint loses nothing (the WAL keeps every commit)
  }
}, 1000);

const insert = db.prepare(
  `INSERT INTO "WebhookDelivery" ("shop", "dedupeKey", "topic", "webhookId", "payload", "status", "attempts", "receivedAt")
   VALUES (?, ?, ?, ?, CAST(? AS TEXT), 'pending', 0, ?)
   ON CONFLICT ("shop", "dedupeKey") DO NOTHING RETURNING "shop", "dedupeKey"`,
);

/**
 * rows: [shop, dedupeKey, topic, webhookId, payload][], the payload as text or as its UTF-8 bytes (a Uint8Array,
 * bound as a BLOB that the CAST stores as the same TEXT); returns the [shop, dedupeKey] pairs that were new.
 */
const acceptBatch = db.transaction((rows, receivedAt) => {
  const fresh = [];
  for (const [shop, dedupeKey, topic, webhookId, payload] of rows) {
    const bound =
      typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.length);
    const row = insert.get(shop, dedupeKey, topic, webhookId, bound, receivedAt);
    if (row) fresh.push([row.shop, row.dedupeKey]);
  }
  return fresh;
});

parentPort.on('message', ({ id, rows, receivedAt, close }) => {
  if (close) {
    clearInterval(checkpoints);
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id, fresh: acceptBatch(rows, receivedAt) });
  } catch (error) {
    parentPort.postMessage({ id, error: { code: error.code, message: error.message } });
  }
});
