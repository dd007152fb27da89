/** Machine facts, the printed table and the JSON file every benchmark writes. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fmtCpu, startCpu, type CpuShares } from './cpu';
import type { RunResult } from './load';
import { fmtMs, rounded } from './stats';

export const BENCH_DIR = resolve(__dirname, '..');
export const WORKSPACE_ROOT = resolve(BENCH_DIR, '..', '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  kernel: string;
  loadAverage: number[];
  gitCommit: string | null;
}

export function machineInfo(): MachineInfo {
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).trim();
  } catch {
    gitCommit = null;
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    gitCommit,
  };
}

export interface Scenario {
  name: string;
  /** What was driven, and how (rate or concurrency, duration, target). */
  params: Record<string, unknown>;
  result: RunResult;
  /** A stated target and whether it was met (the benchmark never fails on it). */
  target?: { description: string; met: boolean };
  /** Where the CPU went while it ran (cores), see lib/cpu.ts. */
  cpu?: CpuShares;
  notes?: string[];
}

/** Runs one scenario and records the CPU spent by each part of the stack meanwhile. */
export async function measured(run: () => Promise<RunResult>): Promise<{ result: RunResult; cpu: CpuShares | undefined }> {
  const stop = startCpu();
  const result = await run();
  return { result, cpu: stop() };
}

export interface BenchReport {
  benchmark: string;
  startedAt: string;
  machine: MachineInfo;
  parameters: Record<string, unknown>;
  scenarios: Scenario[];
  extra?: Record<string, unknown>;
}

export function printScenarios(title: string, scenarios: Scenario[]): void {
  const rows = scenarios.map((s) => {
    const r = s.result;
    return [
      s.name,
      String(r.completed),
      String(r.errors + r.dropped),
      r.throughput.toFixed(0),
      fmtMs(r.latency.p50Ms),
      fmtMs(r.latency.p95Ms),
      fmtMs(r.latency.p99Ms),
      fmtMs(r.latency.maxMs),
      s.target ? `${s.target.met ? 'MET' : 'MISSED'}: ${s.target.description}` : '',
    ];
  });
  const header = ['scenario', 'calls', 'failed', 'calls/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const s of scenarios) {
    if (s.cpu) console.log(`  ${s.name}: ${fmtCpu(s.cpu)}`);
    if (s.result.errorSamples.length) console.log(`  ${s.name}: errors e.g. ${s.result.errorSamples.join(' | ')}`);
  }
}

/** `results/<name>-<UTC date and time>.json`, written atomically (tmp + rename). Returns the path. */
export function writeReport(report: BenchReport): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  const file = join(RESULTS_DIR, `${report.benchmark}-${stamp}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(rounded(report), null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`\nresults: ${relative(process.cwd(), file)}`);
  return file;
}
