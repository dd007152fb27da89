import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type { NotifierConfig } from '../config';

/** A stored mail as the sender hands it to a transport. */
export interface OutgoingMail {
  id: string;
  messageId: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
  /** Extra headers stored with the mail (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Resolves when the server accepted the mail (or the file is written); rejects with nodemailer's error. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

function message(mail: OutgoingMail, from: string): SendMailOptions {
  return {
    from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: {
      // RFC 3834: no out-of-office replies to a machine.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': 'sv',
      // Stored values are ASCII and one line (built by the notifier): passed as they are, not re-encoded or folded.
      ...Object.fromEntries(Object.entries(mail.headers ?? {}).map(([key, value]) => [key, { prepared: true, value }])),
    },
  };
}

/**
 * SMTP with a connection pool. SMTP_URL's own query options (requireTLS=true,
 * tls.rejectUnauthorized=false, ...) pass through to nodemailer; pooling and
 * timeouts are added unless the URL sets them.
 */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const url = new URL(smtpUrl);
    const defaults: Record<string, string> = {
      pool: 'true',
      connectionTimeout: String(timeoutMs),
      greetingTimeout: String(timeoutMs),
      socketTimeout: String(timeoutMs),
    };
    for (const [key, value] of Object.entries(defaults)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
    this.transporter = createTransport(url.toString());
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(message(mail, this.from));
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * Development and e2e without an SMTP server: nodemailer's stream transport
 * builds the exact message SMTP would carry and it is written to
 * `<dir>/<created>-<id>.eml` (written to a temporary name, then renamed, so a
 * reader never sees half a mail; a re-send overwrites the same file).
 */
export class FileMailTransport implements MailTransport {
  readonly kind = 'file';
  private readonly transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    readonly dir: string,
    private readonly from: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail(message(mail, this.from));
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new Error('stream transport did not return a buffer');
    await mkdir(this.dir, { recursive: true });
    const stamp = mail.createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = join(this.dir, `${stamp}-${mail.id}.eml`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, raw, { mode: 0o600 });
    await rename(tmp, file);
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailTransport(config: NotifierConfig): MailTransport {
  return config.SMTP_URL
    ? new SmtpMailTransport(config.SMTP_URL, config.MAIL_FROM, config.SMTP_TIMEOUT_MS)
    : new FileMailTransport(config.MAIL_DIR, config.MAIL_FROM);
}
