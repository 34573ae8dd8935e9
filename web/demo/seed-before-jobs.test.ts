import { describe, expect, it } from 'vitest';
import type { Config } from '../config/config.js';
import type { RunningServer } from '../server.js';
import { startSeeded } from './seed-before-jobs.js';

/** A server stand-in that records, in order, what happened to it. */
function fakeServer(events: string[]) {
  const running = {
    jobs: {
      start: () => events.push('jobs started'),
      runOnce: async () => true,
      close: async () => undefined,
    },
    close: async () => void events.push('closed'),
  } as unknown as RunningServer;
  return async (config: Config) => {
    events.push(`server started, jobs ${config.jobs ? 'on' : 'off'}`);
    return running;
  };
}

describe('startSeeded', () => {
  it('starts the server with its jobs off and starts them only after seeding has finished', async () => {
    const events: string[] = [];
    await startSeeded({ jobs: true } as Config, fakeServer(events), async () => {
      await Promise.resolve();
      events.push('seeded');
    });
    expect(events).toEqual(['server started, jobs off', 'seeded', 'jobs started']);
  });

  it('leaves the jobs off when the config has them off', async () => {
    const events: string[] = [];
    await startSeeded({ jobs: false } as Config, fakeServer(events), async () => void events.push('seeded'));
    expect(events).toEqual(['server started, jobs off', 'seeded']);
  });

  it('closes the server and never starts the jobs when seeding fails', async () => {
    const events: string[] = [];
    const failing = startSeeded({ jobs: true } as Config, fakeServer(events), async () => {
      throw new Error('seed failed');
    });
    await expect(failing).rejects.toThrow('seed failed');
    expect(events).toEqual(['server started, jobs off', 'closed']);
  });
});
