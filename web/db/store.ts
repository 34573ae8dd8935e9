import type { Connection, Database, Prisma } from './client.js';
import { createRepositories, type Repositories } from './repositories/index.js';

export type { FlowRepositories, Repositories } from './repositories/index.js';

/**
 * Unit of work: everything a flow writes happens in one transaction, through repositories bound to it. Conflicts
 * that another process can cause on PostgreSQL (a unique key taken meanwhile, a serialization failure) are retried
 * a few times; on the retry the flow sees the other side's committed work and usually turns into a no-op.
 */
export interface Store {
  kind: Connection['kind'];
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Several reads that must agree with each other (one snapshot), without taking any write lock. */
  snapshot<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in this process's turn at the database's write lock, as every `transaction` does. SQLite has one
   * writer, and a connection that finds the lock taken sleeps in growing steps (up to 100 ms) before it tries
   * again; on the app's connection that sleep blocks the event loop (the driver is synchronous). So the writes of
   * this process queue here instead and never meet at the lock: the inbox writer thread's commits
   * (web/webhooks/inbox.ts) take their turn through this. PostgreSQL locks rows: `work` runs at once.
   * Never call `transaction` or `exclusive` inside `work` (or inside a transaction): on SQLite it would wait for
   * its own turn forever. (Session storage writes, at OAuth and token exchange, go around the turns.)
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

// Unique key taken meanwhile, write conflict, serialization failure, deadlock; SQLite: a deferred transaction
// that read before another connection committed cannot upgrade to a write (within the process writes take
// turns, so that connection belongs to another process).
const RETRYABLE = new Set([
  'P2002',
  'P2034',
  '40001',
  '40P01',
  '23505',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
]);

export function createStore(connection: Connection): Store {
  const { db, kind } = connection;
  const exclusive = kind === 'sqlite' ? takingTurns() : <T>(work: () => Promise<T>) => work();
  return {
    kind,
    exclusive,
    transaction: (work) =>
      exclusive(async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await db.$transaction(
              (tx) => work(createRepositories(tx as Prisma.TransactionClient, kind)),
              {
                timeout: 15_000,
                maxWait: 15_000,
              },
            );
          } catch (error) {
            if (attempt >= 3 || !isRetryable(error)) throw error;
          }
        }
      }),
    // SQLite: the driver adapter shares one connection, and a statement outside its transaction lock would run
    // inside whatever transaction is open (seeing, or joining, uncommitted work). Reads take the lock too.
    read: (work) =>
      kind === 'sqlite'
        ? db.$transaction((tx) => work(createRepositories(tx as Prisma.TransactionClient, kind)))
        : work(createRepositories(db as Database, kind)),
    // SQLite: a read transaction is one snapshot already. PostgreSQL: READ COMMITTED statements each see the
    // newest commits, so a balance and a history read apart could disagree; REPEATABLE READ makes them one.
    snapshot: (work) =>
      db.$transaction(async (tx) => {
        // must be the transaction's first statement; the generated client types only SQLite's levels
        if (kind === 'postgresql')
          await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return work(createRepositories(tx as Prisma.TransactionClient, kind));
      }),
  };
}

/** One `work` at a time, in call order; a failed one passes the turn on like a finished one. */
function takingTurns() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const turn = last.then(work);
    last = turn.catch(() => undefined);
    return turn;
  };
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && RETRYABLE.has(code)) return true;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } })?.meta
    ?.driverAdapterError?.cause?.originalCode;
  return typeof cause === 'string' && RETRYABLE.has(cause);
}
