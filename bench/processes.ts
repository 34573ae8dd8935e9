/**
 * Child processes of the bench: the production build, the app as `npm start` runs it, the bare server, helpers.
 * Every child started here is killed on the way out, whatever the way out is (return, exception, signal, watchdog).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { env, execPath } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

export interface Command {
  /** Environment the command line itself sets (`MALLOC_ARENA_MAX=2 node ...`). */
  env: Record<string, string>;
  args: string[];
  display: string;
}

export type Server = { name: string; child: ChildProcess; url: string; logs: { out: string; err: string } };

/** A TypeScript helper under bench/, run through tsx like the bench itself. */
export const tsxCommand = (script: string): Command => ({
  env: {},
  args: ['--import', 'tsx', script],
  display: `tsx ${script}`,
});

/**
 * The app exactly as `npm start` starts it: the start script's env assignments and node flags, with this node.
 * Read from package.json at run time, so the bench follows the documented command when it changes.
 */
export function appCommand(root: string): Command {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const script = pkg.scripts?.start ?? '';
  const match = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)node((?:\s+-{1,2}\S+)*)\s+(\S+\.m?js)$/.exec(script.trim());
  if (!match) throw new Error(`cannot read the app command from npm start ("${script}")`);
  const assignments = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const flags = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
  return {
    env: Object.fromEntries(
      assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
    ),
    args: [...flags, match[3] ?? ''],
    display: script.trim(),
  };
}

/** `npm run build` (production build into web/dist); the failure text when it fails. */
export function build(root: string): string | null {
  const built = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (built.status === 0) return null;
  return `npm run build failed (exit ${built.status ?? built.signal}):\n${built.stdout}${built.stderr || built.error?.message || ''}`;
}

export function start(
  name: string,
  command: Command,
  opts: { root: string; dir: string; port: number; env: Record<string, string> },
): Server {
  // Logs go to files, not pipes: draining a chatty child would cost the load generator CPU.
  const logs = { out: join(opts.dir, `${name}.out.log`), err: join(opts.dir, `${name}.err.log`) };
  const out = openSync(logs.out, 'a');
  const err = openSync(logs.err, 'a');
  const child = spawn(execPath, command.args, {
    cwd: opts.root,
    env: { ...env, ...command.env, ...opts.env, PORT: String(opts.port) },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  track(child);
  return { name, child, url: `http://127.0.0.1:${opts.port}`, logs };
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Milliseconds from `since` until /healthz answers 200; throws (with the child's log) when it never does. */
export async function waitHealthy(server: Server, since = Date.now(), timeoutMs = 60_000): Promise<number> {
  const deadline = since + timeoutMs;
  while (Date.now() < deadline && server.child.exitCode === null) {
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return Date.now() - since;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  const why = server.child.exitCode === null ? `no 200 from /healthz in ${timeoutMs / 1000} s` : 'exited';
  throw new Error(
    `${server.name} ${why}. stderr:\n${tail(server.logs.err)}\nstdout:\n${tail(server.logs.out, 10)}`,
  );
}

/** SIGTERM (graceful: in-flight work finishes, the database is closed), SIGKILL after 10 s; or SIGKILL at once. */
export async function stop(server: Server, how: 'graceful' | 'kill' = 'graceful'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Children started elsewhere (with their own stdio) are killed on the way out too. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.on('exit', () => children.delete(child));
}

export function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/**
 * Resident memory of a process in MB: its peak over its whole life (VmHWM), or now (VmRSS); 0 when unreadable
 * (not Linux, process gone).
 */
export function rssMb(pid: number | undefined, which: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  try {
    const match = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
