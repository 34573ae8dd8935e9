import pg from 'pg';

/**
 * The pool the Prisma client uses on PostgreSQL. Prisma 6.19 gives a transaction's connection back only after its
 * COMMIT or ROLLBACK succeeds (adapter-pg's PgTransaction.commit/rollback call release()); when the connection
 * dies mid-transaction (backend terminated, failover, network), those statements fail, release() is never
 * called, and each such transaction keeps one of the pool's slots until the pool runs dry and every request
 * hangs. A checked-out client that errors is dead anyway, so its slot is given back here; Prisma's later release
 * of it, if any, becomes a no-op.
 */
export function createPgPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection closed by the server is reported here and dropped by the pool (the next query opens a new
  // one); without a listener the pool's 'error' event would crash the process.
  pool.on('error', () => undefined);
  const checkedOut = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client as pg.PoolClient));
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      const held = client as pg.PoolClient;
      if (!checkedOut.has(held)) return; // idle clients are removed by the pool itself
      checkedOut.delete(held);
      const release = held.release;
      held.release = () => undefined;
      release(error); // with an error: the pool destroys the client and frees its slot
    });
  });
  return pool;
}
