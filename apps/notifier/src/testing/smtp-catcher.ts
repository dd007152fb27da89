import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail, type ParsedMail } from './mime';

export interface CaughtMail extends ParsedMail {
  /** SMTP envelope. */
  from: string;
  to: string[];
  /** The user that authenticated the session. */
  user: string | undefined;
  raw: string;
}

export interface SmtpCatcherOptions {
  user: string;
  pass: string;
  /** Answer RCPT TO for these addresses with this reply (e.g. 550 or 451). */
  reject?: Record<string, { code: number; message: string }>;
}

/**
 * A real SMTP server on loopback for tests (the `smtp-server` package):
 * authentication required, no TLS, every accepted message kept in memory.
 * It can be stopped and started again on the same port to play an outage.
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  constructor(private readonly options: SmtpCatcherOptions) {}

  get url(): string {
    return `smtp://${encodeURIComponent(this.options.user)}:${encodeURIComponent(this.options.pass)}@127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      authMethods: ['PLAIN', 'LOGIN'],
      closeTimeout: 200,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.options.user && auth.password === this.options.pass) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        const reject = this.options.reject?.[address.address];
        if (reject) callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
        else callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            ...(await parseMail(raw)),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            raw,
          });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the server (open client connections are cut after closeTimeout); the port is kept for start(). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }
}
