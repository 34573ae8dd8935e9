/**
 * How busy the machine was with work that is not the bench's: CPU time of the whole machine (/proc/stat, steal
 * included) minus the CPU time of the processes taking part in the run. The acknowledgement latency target is
 * judged against the bare server when others kept the machine busy, because then absolute figures say little.
 * Linux only; elsewhere it reports 0 (quiet).
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on
/** Other processes' average use, in cores, from which the machine counts as busy. */
export const BUSY_CORES = 0.25;

export interface CpuSample {
  at: number;
  machineTicks: number;
  ours: Map<number, number>;
}

function machineTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal ...
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** utime + stime + cutime + cstime of a process (all its threads), or null when it is gone. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  } catch {
    return null;
  }
}

/** PostgreSQL server processes: on PostgreSQL runs their work is the app's work. */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export function sampleCpu(pids: Array<number | undefined>, withPostgres: boolean): CpuSample | null {
  try {
    const ours = new Map<number, number>();
    const all = [process.pid, ...pids, ...(withPostgres ? postgresPids() : [])];
    for (const pid of all) {
      const ticks = pid === undefined ? null : processTicks(pid);
      if (pid !== undefined && ticks !== null) ours.set(pid, ticks);
    }
    return { at: Date.now(), machineTicks: machineTicks(), ours };
  } catch {
    return null;
  }
}

/** The most other processes used during any measurement of this run, in cores. */
export let busiest = 0;

/** Average cores used by everything else between two samples (processes new in `after` count from zero). */
export function othersCores(before: CpuSample | null, after: CpuSample | null): number {
  if (!before || !after || after.at <= before.at) return 0;
  let oursTicks = 0;
  for (const [pid, ticks] of after.ours) oursTicks += ticks - (before.ours.get(pid) ?? 0);
  const others = after.machineTicks - before.machineTicks - oursTicks;
  const cores = Math.max(0, others / TICKS_PER_SECOND / ((after.at - before.at) / 1000));
  busiest = Math.max(busiest, cores);
  return cores;
}
