import type { EventPayload } from '@laglig/contracts';
import { PermanentError } from '@laglig/messaging';
import { describeTransport, loadNotifierConfig } from '../config';
import { composeCardDue, composeVerification } from './compose';
import { describeFailure, isPermanentFailure, retryDelayMs } from './retry-policy';

const UUID = '6c1b2f0e-0000-4000-8000-000000000001';
const ctx = { webBaseUrl: 'https://laglig.se' };

describe('retry policy', () => {
  const policy = { baseMs: 1000, maxMs: 10_000 };

  it('doubles per attempt up to the cap, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(retryDelayMs(1000, policy, () => 0.5)).toBe(7500);
  });

  it('gives up at once only when the server refused the mail for good', () => {
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 550, message: 'No such user' })).toBe(true);
    expect(isPermanentFailure({ code: 'EMESSAGE', responseCode: 552, message: 'Too big' })).toBe(true);
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 452, message: 'Mailbox full' })).toBe(false);
    expect(isPermanentFailure({ code: 'EAUTH', responseCode: 535, message: 'Invalid login' })).toBe(false);
    expect(isPermanentFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED' })).toBe(false);
    expect(isPermanentFailure({ message: 'boom' })).toBe(false);
  });

  it('describes a failure on one bounded line', () => {
    expect(describeFailure(Object.assign(new Error('No such\n user'), { code: 'EENVELOPE', responseCode: 550 }))).toBe('EENVELOPE 550: No such user');
    expect(describeFailure('x'.repeat(5000))).toHaveLength(1000);
  });
});

describe('compose', () => {
  const registered: EventPayload<'user.registered'> = { userId: UUID, email: ' anna@example.se ', displayName: 'Anna', verificationToken: 'tok', expiresAt: '2030-01-15T13:05:00Z' };

  it('addresses the trimmed e-mail and carries the expiry', () => {
    const [mail] = composeVerification(registered, ctx);
    expect(mail.recipient).toBe('anna@example.se');
    expect(mail.expiresAt?.toISOString()).toBe('2030-01-15T13:05:00.000Z');
  });

  it('refuses, permanently, what cannot become a working mail', () => {
    expect(() => composeVerification({ ...registered, email: 'anna' }, ctx)).toThrow(PermanentError);
    expect(() => composeVerification({ ...registered, verificationToken: '' }, ctx)).toThrow(PermanentError);
    expect(() => composeVerification({ ...registered, verificationToken: 'a b' }, ctx)).toThrow(PermanentError);
    expect(() => composeVerification({ ...registered, expiresAt: 'snart' }, ctx)).toThrow(PermanentError);
  });

  it('reminds each reachable assignee once', () => {
    const card: EventPayload<'card.due'> = {
      cardId: UUID,
      workspaceId: UUID,
      workspaceName: 'A',
      title: 'T',
      dueDate: '2030-03-13',
      assignees: [
        { userId: UUID, email: 'a@example.se', displayName: 'A' },
        { userId: UUID, email: 'A@EXAMPLE.SE', displayName: 'A' },
        { userId: UUID, email: 'trasig', displayName: 'B' },
      ],
    };
    const { mails, skipped } = composeCardDue(card, ctx);
    expect(mails.map((m) => m.recipient)).toEqual(['a@example.se']);
    expect(skipped).toBe(1);
    expect(composeCardDue({ ...card, assignees: [] }, ctx)).toEqual({ mails: [], skipped: 0 });
    expect(() => composeCardDue({ ...card, assignees: [card.assignees[2]] }, ctx)).toThrow(PermanentError);
    expect(() => composeCardDue({ ...card, dueDate: '2030-02-31' }, ctx)).toThrow(PermanentError);
  });
});

describe('config', () => {
  it('has working defaults', () => {
    const c = loadNotifierConfig({});
    expect(c.WEB_BASE_URL).toBe('http://localhost:4000');
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.MAIL_FROM).toBe('Laglig <no-reply@laglig.se>');
    expect(c.mailDomain).toBe('laglig.se');
    expect(c.MAIL_DIR).toMatch(/\/var\/mail$/);
    expect(describeTransport(c)).toBe(`SMTP_URL is not set: mails are written as .eml files to ${c.MAIL_DIR}, not sent`);
  });

  it('treats an empty SMTP_URL as unset and never shows credentials', () => {
    expect(loadNotifierConfig({ SMTP_URL: '' }).SMTP_URL).toBeUndefined();
    const c = loadNotifierConfig({ SMTP_URL: 'smtp://user:s3cret@mail.example.se', MAIL_FROM: 'no-reply@Example.SE' });
    expect(describeTransport(c)).toBe('mails are sent over SMTP to smtp://mail.example.se:587');
    expect(c.mailDomain).toBe('example.se');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadNotifierConfig({ SMTP_URL: 'http://mail.example.se' })).toThrow(/SMTP_URL/);
    expect(() => loadNotifierConfig({ WEB_BASE_URL: 'laglig.se' })).toThrow(/WEB_BASE_URL/);
    expect(() => loadNotifierConfig({ MAIL_FROM: 'Laglig' })).toThrow(/MAIL_FROM/);
    expect(() => loadNotifierConfig({ MAIL_POLL_MS: '0' })).toThrow(/MAIL_POLL_MS/);
    expect(() => loadNotifierConfig({ MAIL_RETRY_BASE_MS: '5000', MAIL_RETRY_MAX_MS: '1000' })).toThrow(/MAIL_RETRY_MAX_MS/);
  });
});
