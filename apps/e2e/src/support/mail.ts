import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { join } from 'node:path';
import { STACK_ENV } from './env';

/**
 * Waits for a mail to `to` (the notifier writes .eml files to the stack's
 * MAIL_DIR when no SMTP server is configured) whose decoded text matches
 * `pattern`; returns the first capture group.
 */
export async function waitForMailMatch(to: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const logDir = process.env[STACK_ENV.logDir];
  if (!logDir) throw new Error('The e2e stack is not running (no log dir).');
  const dir = join(logDir, 'mail');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(dir)) {
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.eml')) continue;
        const mail = await simpleParser(readFileSync(join(dir, file)));
        const recipients = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));
        if (!recipients.includes(to.toLowerCase())) continue;
        const match = pattern.exec(mail.text ?? '');
        if (match?.[1]) return match[1];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${pattern} in ${dir} within ${timeoutMs} ms`);
}

/** Every mail written so far to `to` (parsed), oldest file first. */
export async function mailsTo(to: string): Promise<ParsedMail[]> {
  const logDir = process.env[STACK_ENV.logDir];
  if (!logDir) throw new Error('The e2e stack is not running (no log dir).');
  const dir = join(logDir, 'mail');
  if (!existsSync(dir)) return [];
  const found: ParsedMail[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()) {
    const mail = await simpleParser(readFileSync(join(dir, file)));
    const recipients = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));
    if (recipients.includes(to.toLowerCase())) found.push(mail);
  }
  return found;
}
