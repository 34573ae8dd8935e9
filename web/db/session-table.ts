import type { Connection, Database } from './client.js';

type SessionDelegate = Database['session'];
const OPERATIONS = ['upsert', 'findUnique', 'findMany', 'delete', 'deleteMany', 'count'] as const;

/**
 * What @shopify/shopify-app-session-storage-prisma is given: it only uses `client.session`. On SQLite every call
 * runs in its own transaction, because the driver adapter shares one connection and a statement outside the
 * adapter's transaction lock would silently run inside whatever flow transaction is open at that moment.
 */
export function sessionTableClient(connection: Connection): Database {
  if (connection.kind !== 'sqlite') return connection.db;
  const { db } = connection;
  const session = Object.fromEntries(
    OPERATIONS.map((operation) => [
      operation,
      (args: unknown) =>
        db.$transaction((tx) => (tx.session[operation] as (args: unknown) => Promise<unknown>)(args)),
    ]),
  ) as unknown as SessionDelegate;
  return { session } as Database;
}
