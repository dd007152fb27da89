import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMail } from '../testing/mime';
import { inOneHour, NotifierHarness } from '../testing/notifier-harness';

/** Without SMTP_URL (development, e2e) every mail is written as an .eml file to MAIL_DIR instead of being sent. */
describe('notifier: file transport when SMTP_URL is not set', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'laglig-notifier-')), 'mail');
  let h: NotifierHarness;

  beforeAll(async () => {
    h = await new NotifierHarness('notifier-file', { SMTP_URL: undefined, MAIL_DIR: dir, WEB_BASE_URL: 'http://localhost:4000/' }).start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  const emlFiles = () => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.eml'));
    } catch {
      return [];
    }
  };

  it('writes the invitation as an .eml file with headers, Swedish subject and link, once per event', async () => {
    const id = `member.invited.${randomUUID()}`;
    const token = `invite_${randomUUID()}`;
    const payload = {
      invitationId: randomUUID(),
      workspaceId: randomUUID(),
      workspaceName: 'Åkeriet i Ödeshög',
      email: 'filip@example.se',
      role: 'MEMBER' as const,
      invitedByName: 'Örjan Åberg',
      token,
      expiresAt: inOneHour(),
    };
    await h.bus.publish('member.invited', payload, { id });
    const [file] = await h.until(emlFiles, (f) => f.length === 1);
    const [row] = await h.until(() => h.rows(id), (r) => r[0]?.status === 'sent');
    expect(file).toMatch(new RegExp(`^\\d{8}T\\d{6}Z-${row.id}\\.eml$`));
    expect(statSync(join(dir, file)).mode & 0o077).toBe(0); // holds a live link: owner only

    const raw = readFileSync(join(dir, file), 'utf8');
    const mail = await parseMail(raw);
    expect(raw).toMatch(/^To: filip@example\.se$/m);
    expect(mail.headers.get('from')).toBe('Laglig <no-reply@laglig.se>');
    expect(mail.headers.get('message-id')).toBe(row.message_id);
    expect(mail.subject).toBe('Örjan Åberg har bjudit in dig till Åkeriet i Ödeshög i Laglig');
    expect(mail.text).toContain(`http://localhost:4000/inbjudan?token=${token}`);
    expect(mail.text).toContain('med rollen Medlem.');
    expect(mail.html).toContain(`href="http://localhost:4000/inbjudan?token=${token}"`);

    // The same event again, past the queue's de-duplication: no second file.
    await (await h.queue.getJob(id))?.remove();
    await h.bus.publish('member.invited', payload, { id });
    await h.until(async () => (await h.queue.getJob(id))?.getState(), (s) => s === 'completed');
    await new Promise((r) => setTimeout(r, 500));
    expect(readdirSync(dir)).toEqual([file]); // no second mail, no temporary file left behind
  });
});
