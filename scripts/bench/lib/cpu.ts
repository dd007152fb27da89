/**
 * Where the CPU went during a scenario (Linux /proc): the whole machine, the
 * benchmark driver itself, PostgreSQL (every `postgres` process), Redis, and
 * the stack's own processes named in BENCH_PIDS ("law-catalog=123,api-gateway=456").
 * Figures are in cores (1.0 = one core busy for the whole scenario); "other"
 * is what the machine spent beyond the groups (other people's processes).
 * On a machine without /proc the figures are simply absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Snapshot {
  wall: number;
  machineBusy: number;
  machineTotal: number;
  self: NodeJS.CpuUsage;
  groups: Map<string, number>;
}

export type CpuShares = Record<string, number>;

function procTicks(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

function comm(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** "law-catalog=123,api-gateway=456" -> [[law-catalog, 123], ...]. */
export function parsePidGroups(value: string | undefined): Array<[string, string]> {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim().split('='))
    .filter((parts): parts is [string, string] => parts.length === 2 && /^\d+$/.test(parts[1] ?? '') && (parts[0] ?? '') !== '');
}

function snapshot(): Snapshot | null {
  if (!existsSync('/proc/stat')) return null;
  const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const groups = new Map<string, number>();
  for (const [name, pid] of parsePidGroups(process.env['BENCH_PIDS'])) groups.set(name, (groups.get(name) ?? 0) + procTicks(pid));
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const name = comm(pid);
    if (name === 'postgres' || name === 'redis-server') groups.set(name === 'postgres' ? 'postgres' : 'redis', (groups.get(name === 'postgres' ? 'postgres' : 'redis') ?? 0) + procTicks(pid));
  }
  return { wall: performance.now(), machineBusy: total - idle, machineTotal: total, self: process.cpuUsage(), groups };
}

/** Starts measuring; the returned function gives the shares since then. */
export function startCpu(): () => CpuShares | undefined {
  const start = snapshot();
  return () => {
    const end = snapshot();
    if (!start || !end) return undefined;
    const seconds = (end.wall - start.wall) / 1000;
    if (seconds <= 0) return undefined;
    const cores = os.cpus().length;
    const machine = ((end.machineBusy - start.machineBusy) / Math.max(1, end.machineTotal - start.machineTotal)) * cores;
    const selfUs = end.self.user + end.self.system - (start.self.user + start.self.system);
    const shares: CpuShares = { machine, driver: selfUs / 1e6 / seconds };
    for (const [name, ticks] of end.groups) {
      // A process that ended or started in between has no meaningful delta (e.g. a PostgreSQL backend).
      shares[name] = Math.max(0, (ticks - (start.groups.get(name) ?? 0)) / CLOCK_TICKS / seconds);
    }
    const accounted = Object.entries(shares)
      .filter(([k]) => k !== 'machine')
      .reduce((sum, [, v]) => sum + v, 0);
    shares['other'] = Math.max(0, machine - accounted);
    return Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  };
}

export function fmtCpu(shares: CpuShares | undefined): string {
  if (!shares) return '';
  const { machine, ...rest } = shares;
  return `cpu (cores): ${Object.entries(rest)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ')}; machine ${machine?.toFixed(2)} of ${os.cpus().length}`;
}
