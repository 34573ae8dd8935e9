import { randomUUID } from 'node:crypto';
import type { Store } from '../db/store.js';
import { describeError, type Log } from '../logger.js';

/** One periodic job: idempotent per run, so a run cut short is simply done again by the next. */
export interface Job {
  name: string;
  everyMs: number;
  run(now: Date): Promise<void>;
}

export interface JobRunner {
  /** Runs a job now if this process gets its lease; false when another process holds it. */
  runOnce(name: string): Promise<boolean>;
  start(): void;
  close(): Promise<void>;
}

/**
 * Runs each job every `everyMs` in this process, under a lease row (JobLease), so several app processes on one
 * PostgreSQL never run the same job at once: the lease is taken atomically, lasts a few periods and is renewed
 * while a run lasts, so a crashed holder's lease runs out and another process takes over.
 */
export function createJobRunner(deps: {
  store: Store;
  jobs: readonly Job[];
  now: () => Date;
  log: Log;
}): JobRunner {
  const holder = randomUUID();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<string, Promise<boolean>>();
  let closed = false;

  async function runLeased(job: Job): Promise<boolean> {
    const leaseMs = Math.max(job.everyMs * 3, 30_000);
    const take = () => {
      const now = deps.now();
      return deps.store.transaction((repos) =>
        repos.jobs.acquire(job.name, holder, new Date(now.getTime() + leaseMs), now),
      );
    };
    if (!(await take())) return false;
    // renewed while the run lasts, so a long run (many Shopify calls) is never overtaken by another process
    const heartbeat = setInterval(
      () =>
        void take().catch((error) =>
          deps.log('job lease not renewed', { job: job.name, error: describeError(error) }),
        ),
      leaseMs / 3,
    );
    heartbeat.unref();
    try {
      await job.run(deps.now());
    } finally {
      clearInterval(heartbeat);
      await deps.store.transaction((repos) => repos.jobs.release(job.name, holder));
    }
    return true;
  }

  function runOnce(name: string): Promise<boolean> {
    const job = deps.jobs.find((candidate) => candidate.name === name);
    if (!job) return Promise.reject(new Error(`no job named ${name}`));
    // one run per job per process at a time; a second caller shares the run in progress
    const current = running.get(name) ?? runLeased(job).finally(() => running.delete(name));
    running.set(name, current);
    return current;
  }

  function schedule(job: Job) {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      runOnce(job.name)
        .catch((error) => deps.log('job failed', { job: job.name, error: describeError(error) }))
        .finally(() => schedule(job));
    }, job.everyMs);
    timer.unref();
    timers.add(timer);
  }

  return {
    runOnce,
    start: () => deps.jobs.forEach(schedule),
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled(running.values());
    },
  };
}
