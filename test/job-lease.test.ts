import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../web/db/client.js';
import { migrate } from '../web/db/migrate.js';
import { createStore } from '../web/db/store.js';
import { createJobRunner, type Job } from '../web/jobs/job-runner.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';

describe.each(databaseKinds)('periodic jobs under a lease (%s)', (kind) => {
  let database: TestDatabase;
  const connections: Connection[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.target);
    for (let i = 0; i < 2; i++) connections.push(await connect(database.target));
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await database.drop();
  });

  /** Two app processes' runners (own connections, own holder ids) with one job that runs until released. */
  function twoRunners() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const job: Job = {
      name: 'gate',
      everyMs: 60_000,
      async run() {
        runs++;
        await gate;
      },
    };
    const runners = connections.map((connection) =>
      createJobRunner({
        store: createStore(connection),
        jobs: [job],
        now: () => new Date(),
        log: () => undefined,
      }),
    );
    return { runners, release, runs: () => runs };
  }

  it('runs a job in one process at a time: the other skips while the lease is held', async () => {
    const { runners, release, runs } = twoRunners();
    const first = runners[0]!.runOnce('gate');
    // wait for the condition (the first run has started), not for time
    while (runs() === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(await runners[1]!.runOnce('gate')).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(runs()).toBe(1);
    // released: the other process may run it now
    expect(await runners[1]!.runOnce('gate')).toBe(true);
    expect(runs()).toBe(2);
  });

  it('takes over the lease of a holder that died (its lease ran out)', async () => {
    const store = createStore(connections[0]!);
    const now = new Date();
    await store.transaction((repos) =>
      repos.jobs.acquire('crashed', 'dead-process', new Date(now.getTime() + 1000), now),
    );
    expect(
      await store.transaction((repos) =>
        repos.jobs.acquire('crashed', 'me', new Date(now.getTime() + 5000), now),
      ),
    ).toBe(false);
    const later = new Date(now.getTime() + 2000);
    expect(
      await store.transaction((repos) =>
        repos.jobs.acquire('crashed', 'me', new Date(later.getTime() + 5000), later),
      ),
    ).toBe(true);
  });
});
