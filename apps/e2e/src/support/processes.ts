/**
 * Child processes for the end-to-end tier: each runs in its own process group
 * (so a service's own children die with it), logs to a file, and is stopped
 * with SIGTERM, then SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

const running = new Set<ManagedProcess>();

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

export function startProcess(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string }): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  const managed: ManagedProcess = { name, child, logFile, exited };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

function signalGroup(proc: ManagedProcess, signal: NodeJS.Signals): void {
  const pid = proc.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM the process group, SIGKILL it after `graceMs`. */
export async function stopProcess(proc: ManagedProcess, graceMs = 5000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
    signalGroup(proc, 'SIGKILL'); // stray grandchildren
    return;
  }
  signalGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
  signalGroup(proc, 'SIGKILL');
}

/** Last resort on abnormal exit of the test runner (synchronous: works in 'exit' handlers). */
export function killAllSync(): void {
  for (const proc of running) signalGroup(proc, 'SIGKILL');
}

let exitHandlersInstalled = false;
export function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.once('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllSync();
      process.exit(130);
    });
  }
}

/** Runs a command to completion; rejects with the log tail on a non-zero exit or timeout. */
export async function runToCompletion(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string; timeoutMs: number },
): Promise<void> {
  const proc = startProcess(name, args, options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  const result = await Promise.race([proc.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    await stopProcess(proc, 1000);
    throw new Error(`${name} did not finish within ${options.timeoutMs} ms. Log ${proc.logFile}:\n${tail(proc.logFile)}`);
  }
  if (result !== 0) throw new Error(`${name} exited with ${String(result)}. Log ${proc.logFile}:\n${tail(proc.logFile)}`);
}

/** Polls `url` until it answers 2xx; fails at once if `proc` exits first. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited (${String(proc.child.exitCode ?? proc.child.signalCode)}) before ${url} answered. Log ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms (last: ${last}). Log ${proc.logFile}:\n${tail(proc.logFile)}`);
}
