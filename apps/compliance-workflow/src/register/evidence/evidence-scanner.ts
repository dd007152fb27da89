import { spawn } from 'node:child_process';

export type ScanVerdict = 'clean' | 'infected';

/**
 * The virus-scan hook: every uploaded file passes through it before it is
 * stored. 'infected' refuses the upload; an error refuses it too (fail closed).
 * Without a scanner (the default) files are stored as 'unscanned'.
 */
export interface EvidenceScanner {
  scan(content: Buffer, file: { filename: string; mimeType: string }): Promise<ScanVerdict>;
}

export const EVIDENCE_SCANNER = Symbol('EVIDENCE_SCANNER');

/**
 * A scanner that runs a command with the file on stdin and reads the verdict
 * from the exit code: 0 clean, 1 infected, anything else an error — the
 * convention of ClamAV's `clamdscan -` / `clamscan -`. The command is split on
 * spaces and run without a shell.
 */
export class CommandEvidenceScanner implements EvidenceScanner {
  private readonly command: string;
  private readonly args: string[];

  constructor(commandLine: string, private readonly timeoutMs: number) {
    const [command, ...args] = commandLine.split(/\s+/).filter(Boolean);
    if (!command) throw new Error('EVIDENCE_SCAN_COMMAND is empty');
    this.command = command;
    this.args = args;
  }

  scan(content: Buffer): Promise<ScanVerdict> {
    return new Promise<ScanVerdict>((resolve, reject) => {
      const child = spawn(this.command, this.args, { stdio: ['pipe', 'ignore', 'ignore'] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`virus scan timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve('clean');
        else if (code === 1) resolve('infected');
        else reject(new Error(`virus scan failed (exit code ${code})`));
      });
      // A scanner that stops reading early (it has seen enough) is fine.
      child.stdin.on('error', () => undefined);
      child.stdin.end(content);
    });
  }
}
