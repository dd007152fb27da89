import { z } from 'zod';
import type { EventPayload } from '@laglig/contracts';
import { PermanentError } from '@laglig/messaging';
import { cardDueMail, invitationMail, passwordResetMail, verificationMail, type TemplateContext } from '../templates/mails';
import type { RenderedMail } from '../templates/layout';

/** A rendered mail for one recipient, ready to be stored in the outbox. */
export interface ComposedMail extends RenderedMail {
  recipient: string;
  /** When the mail's link stops working (an undelivered mail is not sent after it); null when it has none. */
  expiresAt: Date | null;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post); ASCII values, one line each. */
  headers?: Record<string, string>;
}

const Address = z.email();

/**
 * The payload schemas in the contract accept any string; what a mail needs on
 * top (a deliverable address, a token, a real expiry) is checked here. A
 * payload that fails is a PermanentError: retrying cannot repair it.
 */
function address(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 254 || !Address.safeParse(trimmed).success) throw new PermanentError(`${field} is not an e-mail address`);
  return trimmed;
}

/** The trimmed address when it is deliverable, else null (law-change mail skips such a user). */
export function deliverableAddress(value: string): string | null {
  const trimmed = value.trim();
  return trimmed.length <= 254 && Address.safeParse(trimmed).success ? trimmed : null;
}

function token(value: string, field: string): string {
  if (!/^\S{1,1000}$/.test(value)) throw new PermanentError(`${field} is empty or not a single word`);
  return value;
}

function expiry(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new PermanentError('expiresAt is not a timestamp');
  return date;
}

function render<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    // Formatting refuses malformed dates with a RangeError: bad data, not a bug to retry.
    if (err instanceof RangeError) throw new PermanentError(err.message);
    throw err;
  }
}

export function composeVerification(p: EventPayload<'user.registered'>, ctx: TemplateContext): ComposedMail[] {
  const recipient = address(p.email, 'email');
  token(p.verificationToken, 'verificationToken');
  const expiresAt = expiry(p.expiresAt);
  return [{ recipient, expiresAt, ...render(() => verificationMail(p, ctx)) }];
}

export function composePasswordReset(p: EventPayload<'password.reset-requested'>, ctx: TemplateContext): ComposedMail[] {
  const recipient = address(p.email, 'email');
  token(p.resetToken, 'resetToken');
  const expiresAt = expiry(p.expiresAt);
  return [{ recipient, expiresAt, ...render(() => passwordResetMail(p, ctx)) }];
}

export function composeInvitation(p: EventPayload<'member.invited'>, ctx: TemplateContext): ComposedMail[] {
  const recipient = address(p.email, 'email');
  token(p.token, 'token');
  const expiresAt = expiry(p.expiresAt);
  return [{ recipient, expiresAt, ...render(() => invitationMail(p, ctx)) }];
}

/**
 * One reminder per assignee with a deliverable address (an assignee listed
 * twice, in any letter case, gets one). Assignees without one are skipped and
 * counted; only when nobody can be reached is the event refused.
 */
export function composeCardDue(p: EventPayload<'card.due'>, ctx: TemplateContext): { mails: ComposedMail[]; skipped: number } {
  const seen = new Set<string>();
  const mails: ComposedMail[] = [];
  let skipped = 0;
  for (const assignee of p.assignees) {
    let recipient: string;
    try {
      recipient = address(assignee.email, 'assignee email');
    } catch {
      skipped += 1;
      continue;
    }
    if (seen.has(recipient.toLowerCase())) continue;
    seen.add(recipient.toLowerCase());
    mails.push({ recipient, expiresAt: null, ...render(() => cardDueMail(p, assignee, ctx)) });
  }
  if (mails.length === 0 && skipped > 0) throw new PermanentError('no assignee has an e-mail address');
  return { mails, skipped };
}
