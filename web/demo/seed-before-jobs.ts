import type { Config } from '../config/config.js';
import type { RunningServer } from '../server.js';

/**
 * Starts the server with its jobs held back, seeds it, and only then starts the jobs (when the config has them
 * on). Seeding back-dates history (demo-history.ts): a job running meanwhile, expire-redemptions say, would act on
 * half of it, expiring back-dated codes before the orders that used them have arrived.
 */
export async function startSeeded(
  config: Config,
  start: (config: Config) => Promise<RunningServer>,
  seed: (running: RunningServer) => Promise<void>,
): Promise<RunningServer> {
  const running = await start({ ...config, jobs: false });
  try {
    await seed(running);
  } catch (error) {
    await running.close();
    throw error;
  }
  if (config.jobs) running.jobs.start();
  return running;
}
