import { randomUUID } from 'node:crypto';
import { inOneHour, NotifierHarness } from '../testing/notifier-harness';
import { SmtpCatcher } from '../testing/smtp-catcher';

const BASE = 'https://laglig.test';

/**
 * The notifier as it runs, fed by compliance-workflow's events over real
 * BullMQ, delivering to a real SMTP server on loopback (auth on, no TLS).
 */
describe('notifier: transactional mail over SMTP', () => {
  const smtp = new SmtpCatcher({
    user: 'laglig',
    pass: 'hemligt lösen:1',
    reject: {
      'okand@example.se': { code: 550, message: 'No such user here' },
      'fullt@example.se': { code: 452, message: 'Mailbox full, try again later' },
    },
  });
  let h: NotifierHarness;

  beforeAll(async () => {
    await smtp.start();
    h = await new NotifierHarness('notifier-smtp', {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Laglig <no-reply@laglig.test>',
      MAIL_RETRY_BASE_MS: '300',
      MAIL_RETRY_MAX_MS: '1000',
      MAIL_MAX_ATTEMPTS: '5',
    }).start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await smtp.stop();
  });

  const received = (address: string, count = 1) => h.until(() => smtp.to(address), (m) => m.length >= count);

  it('sends the e-mail verification to the new user, with the link, and forgets the body once sent', async () => {
    const id = `user.registered.${randomUUID()}`;
    const token = `verify_${randomUUID()}`;
    await h.bus.publish(
      'user.registered',
      { userId: randomUUID(), email: 'anna@example.se', displayName: 'Anna <b>Andersson</b>', verificationToken: token, expiresAt: '2030-01-15T13:05:00.000Z' },
      { id },
    );
    const [mail] = await received('anna@example.se');
    expect(mail.user).toBe('laglig');
    expect(mail.from).toBe('no-reply@laglig.test');
    expect(mail.to).toEqual(['anna@example.se']);
    expect(mail.subject).toBe('Bekräfta din e-postadress hos Laglig');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const link = `${BASE}/verifiera-epost?token=${token}`;
    expect(mail.text).toContain('Hej Anna <b>Andersson</b>!');
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('Länken gäller till 15 januari 2030 kl. 14:05.');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Hej Anna &lt;b&gt;Andersson&lt;/b&gt;!');
    expect(mail.html).not.toContain('<b>Andersson');
    expect(mail.html).toContain('<html lang="sv">');

    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'sent');
    expect(row).toMatchObject({ event_type: 'user.registered', recipient: 'anna@example.se', attempts: 1, text_body: null, html_body: null, last_error: null });
    expect(mail.headers.get('message-id')).toBe(row.message_id);
    expect(row.message_id).toMatch(/^<[0-9a-f-]{36}@laglig\.test>$/);
  });

  it('sends the password reset link', async () => {
    const token = `reset_${randomUUID()}`;
    await h.bus.publish('password.reset-requested', {
      userId: randomUUID(),
      email: 'bo@example.se',
      displayName: 'Bo Berg',
      resetToken: token,
      expiresAt: inOneHour(),
    });
    const [mail] = await received('bo@example.se');
    expect(mail.subject).toBe('Återställ ditt lösenord hos Laglig');
    expect(mail.text).toContain('Hej Bo Berg!');
    expect(mail.text).toContain(`${BASE}/aterstall-losenord?token=${token}`);
    expect(mail.html).toContain(`href="${BASE}/aterstall-losenord?token=${token}"`);
  });

  it('sends the invitation with inviter, workspace, role and link', async () => {
    const token = `invite_${randomUUID()}`;
    await h.bus.publish('member.invited', {
      invitationId: randomUUID(),
      workspaceId: randomUUID(),
      workspaceName: 'Byggbolaget & Söner AB',
      email: 'revisor@example.se',
      role: 'AUDITOR',
      invitedByName: 'Eva Ek',
      token,
      expiresAt: inOneHour(),
    });
    const [mail] = await received('revisor@example.se');
    expect(mail.subject).toBe('Eva Ek har bjudit in dig till Byggbolaget & Söner AB i Laglig');
    expect(mail.text).toContain('Eva Ek har bjudit in dig att gå med i arbetsytan Byggbolaget & Söner AB i Laglig med rollen Revisor (läsbehörighet).');
    expect(mail.text).toContain(`${BASE}/inbjudan?token=${token}`);
    expect(mail.html).toContain('<strong>Byggbolaget &amp; Söner AB</strong>');
  });

  it('reminds each assignee of a due card once, with a link to the board', async () => {
    const workspaceId = randomUUID();
    const id = `card.due.${randomUUID()}`;
    await h.bus.publish(
      'card.due',
      {
        cardId: randomUUID(),
        workspaceId,
        workspaceName: 'Byggbolaget AB',
        title: 'Uppdatera riskbedömningen',
        dueDate: '2030-03-13',
        assignees: [
          { userId: randomUUID(), email: 'cecilia@example.se', displayName: 'Cecilia' },
          { userId: randomUUID(), email: 'david@example.se', displayName: 'David' },
          { userId: randomUUID(), email: 'CECILIA@example.se', displayName: 'Cecilia igen' },
          { userId: randomUUID(), email: 'ingen adress', displayName: 'Utan adress' },
        ],
      },
      { id },
    );
    const [toCecilia] = await received('cecilia@example.se');
    const [toDavid] = await received('david@example.se');
    for (const [mail, name] of [[toCecilia, 'Cecilia'], [toDavid, 'David']] as const) {
      expect(mail.to).toHaveLength(1);
      expect(mail.subject).toBe('Påminnelse: ”Uppdatera riskbedömningen” ska vara klart 13 mars');
      expect(mail.text).toContain(`Hej ${name}!`);
      expect(mail.text).toContain('Kortet Uppdatera riskbedömningen på tavlan i Byggbolaget AB ska vara klart onsdag 13 mars 2030.');
      expect(mail.text).toContain(`${BASE}/app/${workspaceId}/tavla`);
    }
    const rows = await h.until(() => h.rows(id), (r) => r.length === 2 && r.every((x) => x.status === 'sent'));
    expect(rows.map((r) => r.recipient)).toEqual(['cecilia@example.se', 'david@example.se']);
    expect(smtp.to('CECILIA@example.se')).toHaveLength(0);
  });

  it('sends one mail when the same event is delivered twice', async () => {
    const id = `password.reset-requested.${randomUUID()}`;
    const payload = { userId: randomUUID(), email: 'twice@example.se', displayName: 'Två Gånger', resetToken: `reset_${randomUUID()}`, expiresAt: inOneHour() };
    await h.bus.publish('password.reset-requested', payload, { id });
    await h.bus.publish('password.reset-requested', payload, { id });
    await received('twice@example.se');
    expect(await h.settled(id)).toBe('completed');
    // A redelivery past the queue's own de-duplication (retention expired, a retry after a crash):
    // the handler runs again and must store nothing.
    await (await h.queue.getJob(id))?.remove();
    await h.bus.publish('password.reset-requested', payload, { id });
    await h.until(async () => (await h.queue.getJob(id))?.getState(), (s) => s === 'completed');
    await new Promise((r) => setTimeout(r, 600)); // several sender polls
    expect(smtp.to('twice@example.se')).toHaveLength(1);
    expect(await h.rows(id)).toHaveLength(1);
  });

  it('refuses a payload it cannot mail without retrying (no address)', async () => {
    const id = `user.registered.${randomUUID()}`;
    await h.bus.publish(
      'user.registered',
      { userId: randomUUID(), email: 'inte en adress', displayName: 'X', verificationToken: 'tok_abc', expiresAt: inOneHour() },
      { id },
    );
    expect(await h.settled(id)).toBe('failed');
    const job = await h.queue.getJob(id);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toContain('email is not an e-mail address');
    expect(await h.rows(id)).toHaveLength(0);
  });

  it('marks a mail the server refuses for good (550) failed after one attempt, and keeps it', async () => {
    const id = `user.registered.${randomUUID()}`;
    await h.bus.publish(
      'user.registered',
      { userId: randomUUID(), email: 'okand@example.se', displayName: 'Okänd', verificationToken: 'tok_unknown', expiresAt: inOneHour() },
      { id },
    );
    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('550');
    expect(row.text_body).toContain('tok_unknown'); // kept for the operator
    expect(smtp.to('okand@example.se')).toHaveLength(0);
  });

  it('retries a temporary refusal (452) with backoff and gives up after MAIL_MAX_ATTEMPTS', async () => {
    const id = `user.registered.${randomUUID()}`;
    await h.bus.publish(
      'user.registered',
      { userId: randomUUID(), email: 'fullt@example.se', displayName: 'Full Låda', verificationToken: 'tok_full', expiresAt: inOneHour() },
      { id },
    );
    const pending = await h.until(() => h.rows(id), (r) => r[0]?.attempts === 2);
    expect(pending[0].status).toBe('pending');
    expect(pending[0].last_error).toContain('452');
    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'failed', 20_000);
    expect(row.attempts).toBe(5);
    expect(row.last_error).toContain('452');
  });

  it('does not send a mail whose link expired before it could be delivered', async () => {
    const id = `password.reset-requested.${randomUUID()}`;
    await h.bus.publish(
      'password.reset-requested',
      { userId: randomUUID(), email: 'sent@example.se', displayName: 'Sen', resetToken: 'tok_late', expiresAt: new Date(Date.now() - 1000).toISOString() },
      { id },
    );
    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'failed');
    expect(row.attempts).toBe(0);
    expect(row.last_error).toBe('the link expired before the mail could be delivered');
    await new Promise((r) => setTimeout(r, 400));
    expect(smtp.to('sent@example.se')).toHaveLength(0);
  });

  it('keeps mail pending while the SMTP server is down and sends it when it is back', async () => {
    await smtp.stop();
    const id = `member.invited.${randomUUID()}`;
    const token = `invite_${randomUUID()}`;
    await h.bus.publish(
      'member.invited',
      {
        invitationId: randomUUID(),
        workspaceId: randomUUID(),
        workspaceName: 'Nere AB',
        email: 'outage@example.se',
        role: 'MEMBER',
        invitedByName: 'Eva Ek',
        token,
        expiresAt: inOneHour(),
      },
      { id },
    );
    const [waiting] = await h.until(() => h.rows(id), (r) => (r[0]?.attempts ?? 0) >= 2);
    expect(waiting.status).toBe('pending');
    expect(waiting.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(smtp.to('outage@example.se')).toHaveLength(0);

    await smtp.start(); // same port
    const [mail] = await received('outage@example.se');
    expect(mail.text).toContain(`${BASE}/inbjudan?token=${token}`);
    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'sent');
    expect(row.attempts).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to('outage@example.se')).toHaveLength(1);
  });
});
