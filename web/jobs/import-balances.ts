import type { Store } from '../db/store.js';
import { describeError, type Log } from '../logger.js';
import { importBalanceChunk } from '../use-cases/import-balances.js';
import type { Job } from './job-runner.js';

const CHUNKS_PER_RUN = 40; // 20,000 rows: a run ends within seconds, so shutdown never waits long for it
const FAILURES_BEFORE_FAILED = 5;
const ABANDONED_AFTER_MS = 60 * 60 * 1000; // far beyond any request timeout

/**
 * Imports staged balance files (POST /api/imports), the oldest first, a chunk of rows per transaction, so the
 * progress (processedRows) moves visibly and a crash or restart resumes after the last committed chunk. A batch
 * whose chunk keeps failing (five runs in a row in this process) is marked failed rather than holding up every
 * import behind it; uploading the same file again resumes it. Also drops the staged rows of uploads that never completed.
 */
export function importBalancesJob(deps: { store: Store; log: Log }): Job {
  const failures = new Map<number, number>();
  return {
    name: 'import-balances',
    everyMs: 1_000,
    async run(now) {
      const before = new Date(now.getTime() - ABANDONED_AFTER_MS);
      for (const id of await deps.store.read((repos) => repos.imports.abandonedStaging(before)))
        await deps.store.transaction((repos) => repos.imports.discard(id));

      const passOver: number[] = [];
      for (let chunk = 0; chunk < CHUNKS_PER_RUN; chunk++) {
        let result: Awaited<ReturnType<typeof importBalanceChunk>>;
        try {
          result = await importBalanceChunk(deps.store, now, { except: passOver });
        } catch (error) {
          const batch = await deps.store.read((repos) => repos.importJob.next(passOver));
          if (!batch) throw error;
          const count = (failures.get(batch.id) ?? 0) + 1;
          failures.set(batch.id, count);
          deps.log('import chunk failed', { batchId: batch.id, attempt: count, error: describeError(error) });
          if (count >= FAILURES_BEFORE_FAILED) {
            await deps.store.transaction((repos) => repos.importJob.markFailed(batch.id, now));
            failures.delete(batch.id);
          }
          passOver.push(batch.id); // the others go on; this one is tried again next run
          continue;
        }
        if (!result) return;
        failures.delete(result.batchId);
        if (result.done)
          await deps.store
            .transaction((repos) => repos.importJob.refreshStatistics())
            .catch((error) => deps.log('statistics not refreshed', { error: describeError(error) }));
      }
    },
  };
}
