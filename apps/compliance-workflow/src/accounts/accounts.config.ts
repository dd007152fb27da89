import { z } from 'zod';
import { loadConfig } from '@laglig/config';

/**
 * Accounts configuration, validated once at boot (the service refuses to
 * start with a missing or short JWT_SECRET). Durations are in seconds unless
 * the name says otherwise. See apps/compliance-workflow/README.md "Accounts".
 */
export const AccountsEnvSchema = z.object({
  /** HMAC key for access tokens, shared with the gateway (which verifies them). */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Consecutive failed logins for one address before it is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** The first lockout; each further lockout in a row doubles it, up to the cap. */
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(15 * 60),
  LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(4 * 3600),
});
export type AccountsConfig = z.output<typeof AccountsEnvSchema>;

export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');

export const accountsConfigProvider = { provide: ACCOUNTS_CONFIG, useFactory: (): AccountsConfig => loadConfig(AccountsEnvSchema) };

/** Lifetimes of the e-mailed one-time tokens. */
export const VERIFY_EMAIL_TTL_MS = 24 * 3600 * 1000;
export const PASSWORD_RESET_TTL_MS = 3600 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
/** A new reset mail is not issued while the previous one is younger than this (inbox flooding). */
export const PASSWORD_RESET_RESEND_MS = 60 * 1000;
