import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultRepeatStrategy } from 'bullmq';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';

/** An unset variable and an empty one (`SMTP_URL=` in an env file) mean the same. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `Name <address@domain>` or a bare address; the domain also names the Message-IDs. */
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n]*<([^<>@\s]+@([^<>@\s]+))>|([^<>@\s]+@([^<>@\s]+)))$/;

export const NotifierConfigSchema = z
  .object({
    /** The web app's public origin (and path prefix, if any): every link in a mail starts with it. */
    WEB_BASE_URL: z.url({ protocol: /^https?$/, error: 'WEB_BASE_URL must be an http(s) URL' }).default('http://localhost:4000'),
    /** smtp://user:pass@host:587 or smtps://user:pass@host:465 (query options are passed to nodemailer). Unset: .eml files in MAIL_DIR. */
    SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be smtp://user:pass@host:port or smtps://…' })),
    MAIL_FROM: z.string().trim().regex(MAIL_FROM_PATTERN, 'MAIL_FROM must be "Name <address@domain>" or an address').default('Laglig <no-reply@laglig.se>'),
    /** Where mails are written when SMTP_URL is not set (development, e2e). */
    MAIL_DIR: optional(z.string().min(1)),
    /** How often the sender looks for due mails (it also runs right after a mail is stored). */
    MAIL_POLL_MS: positiveInt(5000),
    /** Run the sender in this replica (the event handlers always store mail). */
    MAIL_SENDER_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Mails claimed per round. */
    MAIL_BATCH_SIZE: positiveInt(20),
    /** Delivery attempts before a mail is marked failed. */
    MAIL_MAX_ATTEMPTS: positiveInt(10),
    /** First retry delay; doubles per attempt up to MAIL_RETRY_MAX_MS (with jitter). */
    MAIL_RETRY_BASE_MS: positiveInt(30_000),
    MAIL_RETRY_MAX_MS: positiveInt(3_600_000),
    /** A claimed mail is hidden from other replicas this long; a crashed sender's mails come back after it. */
    MAIL_LEASE_MS: positiveInt(300_000),
    /** SMTP connection, greeting and socket timeout. */
    SMTP_TIMEOUT_MS: positiveInt(30_000),
    NODE_ENV: optional(z.string()),
    /** Cron pattern of the law-change digest in DIGEST_TZ; "off" registers no schedule (digests.start still runs a pass). */
    DIGEST_CRON: z
      .string()
      .trim()
      .min(1)
      .default('0 8 * * *')
      .refine((v) => v.toLowerCase() === 'off' || isCron(v), 'DIGEST_CRON must be a cron pattern ("0 8 * * *") or "off"'),
    /** The digest's time zone: its schedule and the calendar date (period) of a run. */
    DIGEST_TZ: z.string().trim().default('Europe/Stockholm').refine(isTimeZone, 'DIGEST_TZ must be an IANA time zone such as Europe/Stockholm'),
    /** How far back a digest looks for changes a user has not been told about (a weekly digest needs 7). */
    DIGEST_LOOKBACK_DAYS: positiveInt(8),
    /** HMAC key of the unsubscribe links (at least 32 characters); required when NODE_ENV=production. */
    UNSUBSCRIBE_SECRET: optional(z.string().min(32, 'UNSUBSCRIBE_SECRET must be at least 32 characters')),
    /** Public URL of the API (…/api/v1) for the List-Unsubscribe header; default WEB_BASE_URL + /api/v1 (the web app proxies /api). */
    API_PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'API_PUBLIC_URL must be an http(s) URL' })),
    /** Machine-written one-sentence summary of each law change in the mails: `none` (the diff lines only) or `openai` (an OpenAI-compatible chat model). */
    SUMMARY_PROVIDER: z.enum(['none', 'openai'], { error: 'SUMMARY_PROVIDER must be "none" or "openai"' }).default('none'),
    /** The chat model's name at the endpoint (rag's default chat model). */
    SUMMARY_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    /** Longest wait for one answer (each attempt). */
    SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    /** Further attempts after a 429 / 5xx / connection failure. */
    SUMMARY_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    /** OpenAI-compatible endpoint (…/v1), the same variable rag reads; unset: api.openai.com. */
    OPENAI_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'OPENAI_BASE_URL must be an http(s) URL' })),
    /** Never logged. */
    OPENAI_API_KEY: optional(z.string().min(1)),
  })
  .transform((c) => {
    const from = MAIL_FROM_PATTERN.exec(c.MAIL_FROM) as RegExpExecArray;
    return {
      ...c,
      MAIL_DIR: resolve(c.MAIL_DIR ?? join(workspaceRoot(), 'var', 'mail')),
      /** Domain of MAIL_FROM, the right-hand side of every Message-ID. */
      mailDomain: (from[2] ?? from[4]).toLowerCase(),
      /** The schedule, or null when DIGEST_CRON=off. */
      digestCron: c.DIGEST_CRON.toLowerCase() === 'off' ? null : c.DIGEST_CRON,
      /** Outside production a fixed development key stands in (links then survive restarts; never for real mail). */
      unsubscribeSecret: c.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET,
      apiPublicUrl: (c.API_PUBLIC_URL ?? `${c.WEB_BASE_URL.replace(/\/+$/, '')}/api/v1`).replace(/\/+$/, ''),
    };
  })
  .refine((c) => c.MAIL_RETRY_MAX_MS >= c.MAIL_RETRY_BASE_MS, { message: 'MAIL_RETRY_MAX_MS must be at least MAIL_RETRY_BASE_MS', path: ['MAIL_RETRY_MAX_MS'] })
  .refine((c) => c.SUMMARY_PROVIDER !== 'openai' || c.OPENAI_API_KEY !== undefined, {
    message: 'SUMMARY_PROVIDER=openai needs OPENAI_API_KEY',
    path: ['OPENAI_API_KEY'],
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.UNSUBSCRIBE_SECRET !== undefined, {
    message: 'UNSUBSCRIBE_SECRET is required in production',
    path: ['UNSUBSCRIBE_SECRET'],
  });

/** Used only when UNSUBSCRIBE_SECRET is unset outside production (the startup log warns). */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'laglig-development-unsubscribe-secret-not-for-production';

function isCron(pattern: string): boolean {
  try {
    // BullMQ's own computation of the next run: what the scheduler will use.
    return typeof defaultRepeatStrategy(Date.now(), { pattern, tz: 'UTC' }) === 'number';
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type NotifierConfig = z.output<typeof NotifierConfigSchema>;

export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');

/** Validated once when the app starts (a bad value stops the service with the variable's name). */
export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return loadConfig(NotifierConfigSchema, env);
}

/** The Nx workspace root above the working directory (the process runs from it), else the working directory. */
export function workspaceRoot(start: string = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}

/** For the startup log: where mail goes, without credentials. */
export function describeTransport(config: NotifierConfig): string {
  if (!config.SMTP_URL) return `SMTP_URL is not set: mails are written as .eml files to ${config.MAIL_DIR}, not sent`;
  const url = new URL(config.SMTP_URL);
  return `mails are sent over SMTP to ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
}
