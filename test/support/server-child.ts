/**
 * Runs the production server (test/support/server-process.ts) as a child process, so a test can kill it with
 * SIGKILL the way a crash, an OOM kill or a pulled plug does: no shutdown hook runs, nothing is flushed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget } from '../../web/config/database-url.js';
import { API_KEY, API_SECRET } from './test-app.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface ServerChild {
  url: string;
  pid: number;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful close), SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Set when the process has exited, with its exit code or signal. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The child's log lines (stderr), for failure messages. */
  log(): string;
}

export async function startServerChild(
  target: DatabaseTarget,
  startTimeoutMs = 60_000,
): Promise<ServerChild> {
  // A minimal environment: the child reads its configuration from it exactly as production does.
  // eslint-disable-next-line no-restricted-syntax -- the child needs PATH, HOME and TMPDIR of this process
  const { PATH, HOME, TMPDIR } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: {
      ...(PATH && { PATH }),
      ...(HOME && { HOME }),
      ...(TMPDIR && { TMPDIR }),
      NODE_ENV: 'test',
      PORT: '0',
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: 'https://loyalty.example.test',
      DATABASE_URL: target.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server child did not listen within ${startTimeoutMs} ms:\n${stderr}`));
    }, startTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /\{"listening":"([^"]+)"\}/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void gone.then(() => {
      clearTimeout(timer);
      reject(new Error(`server child exited before listening (${JSON.stringify(exit)}):\n${stderr}`));
    });
  });

  const kill = async () => {
    if (!exit) child.kill('SIGKILL');
    await gone;
  };
  return {
    url,
    pid: child.pid!,
    kill,
    // cleanup, not a check of graceful shutdown: a child that does not exit within 10 s is killed
    async stop() {
      if (!exit) child.kill('SIGTERM');
      const timer = setTimeout(() => void kill(), 10_000);
      await gone;
      clearTimeout(timer);
    },
    exited: () => exit,
    log: () => stderr,
  };
}
