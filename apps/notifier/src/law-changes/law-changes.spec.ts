import { loadNotifierConfig } from '../config';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../preferences/unsubscribe-token';
import { digestMail, immediateMail, type MailWorkspace } from '../templates/law-change-mails';
import { digestPeriod } from './period';

const USER = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const WS = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const LIST = '6c1b2f0e-0000-4000-8000-000000000001';
const CHANGE = '7d2c3f1e-0000-4000-8000-000000000002';
const SECRET = 'unit-test-unsubscribe-secret-0123456789';

describe('digest period', () => {
  it('is the Stockholm calendar date, across both clock changes', () => {
    expect(digestPeriod(new Date('2026-03-28T07:00:00Z'), 'Europe/Stockholm').date).toBe('2026-03-28');
    expect(digestPeriod(new Date('2026-03-29T06:00:00Z'), 'Europe/Stockholm').date).toBe('2026-03-29');
    expect(digestPeriod(new Date('2026-10-25T07:00:00Z'), 'Europe/Stockholm').date).toBe('2026-10-25');
    expect(digestPeriod(new Date('2026-12-31T23:30:00Z'), 'Europe/Stockholm').date).toBe('2027-01-01');
    expect(digestPeriod(new Date('2026-12-31T23:30:00Z'), 'UTC').date).toBe('2026-12-31');
  });

  it('knows Mondays and ISO weeks (the week\'s Thursday decides the year)', () => {
    expect(digestPeriod(new Date('2026-12-07T07:00:00Z'), 'Europe/Stockholm')).toEqual({ date: '2026-12-07', weekday: 1, isoWeek: 50, isoWeekYear: 2026 });
    expect(digestPeriod(new Date('2026-12-03T07:00:00Z'), 'Europe/Stockholm')).toMatchObject({ weekday: 4, isoWeek: 49 });
    expect(digestPeriod(new Date('2027-01-01T12:00:00Z'), 'Europe/Stockholm')).toMatchObject({ weekday: 5, isoWeek: 53, isoWeekYear: 2026 });
    expect(digestPeriod(new Date('2025-12-29T12:00:00Z'), 'Europe/Stockholm')).toMatchObject({ weekday: 1, isoWeek: 1, isoWeekYear: 2026 });
  });
});

describe('unsubscribe tokens', () => {
  const list = { kind: 'list' as const, workspaceId: WS, listId: LIST, listName: 'Arbetsmiljö' };

  it('round-trips user, scope and issue time', () => {
    const token = signUnsubscribeToken(SECRET, { userId: USER, scope: list, issuedAt: 1_800_000_000 });
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: USER, scope: list, issuedAt: 1_800_000_000 });
    const all = signUnsubscribeToken(SECRET, { userId: USER, scope: { kind: 'all' }, issuedAt: 1 });
    expect(verifyUnsubscribeToken(SECRET, all)?.scope).toEqual({ kind: 'all' });
  });

  it('refuses a changed payload, a changed MAC, another secret and garbage', () => {
    const token = signUnsubscribeToken(SECRET, { userId: USER, scope: list, issuedAt: 1 });
    const [payload, mac] = token.split('.') as [string, string];
    const otherUser = Buffer.from(Buffer.from(payload, 'base64url').toString().replace(USER, WS)).toString('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${otherUser}.${mac}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`)).toBeNull();
    expect(verifyUnsubscribeToken('another-secret-of-enough-length-0123456789', token)).toBeNull();
    for (const junk of ['', 'a.b.c', `${payload}.`, `${payload}.${mac}.x`, 'inte en token', `${payload}.${mac.slice(0, 20)}`]) {
      expect(verifyUnsubscribeToken(SECRET, junk)).toBeNull();
    }
  });
});

describe('law-change mails', () => {
  const ctx = { webBaseUrl: 'https://laglig.se' };
  const workspaces = (over: Partial<MailWorkspace['lists'][number]['entries'][number]['change']> = {}): MailWorkspace[] => [
    {
      workspaceId: WS,
      workspaceName: 'Bygg <&> Söner',
      lists: [
        {
          listId: LIST,
          listName: 'Arbetsmiljö',
          unsubscribeUrl: 'https://laglig.se/avregistrera?token=list',
          entries: [
            {
              requirements: [],
              change: {
                id: 'c1',
                changeId: CHANGE,
                sfs: '1977:1160',
                title: 'Arbetsmiljölag\r\nBcc: x@y.se',
                kind: 'amended',
                amendingSfs: '2026:406',
                inForce: '2026-07-01',
                sections: [
                  { anchor: 'K1P1', label: '1 kap. 1 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Skiljetecken.' },
                  { anchor: 'K2P3', label: '2 kap. 3 §', kind: 'modified', fromAnchor: null, editorial: false, summary: 'Ny skyldighet.' },
                ],
                ...over,
              },
            },
          ],
        },
      ],
    },
  ];
  const base = { displayName: 'Anna', unsubscribeAllUrl: 'https://laglig.se/avregistrera?token=all', today: '2026-12-03' };

  it('digest: Swedish subject with the count, flattened titles, escaped HTML, substantive before editorial, past ikraftträdande', () => {
    const period = digestPeriod(new Date('2026-12-03T07:00:00Z'), 'Europe/Stockholm');
    const mail = digestMail({ ...base, workspaces: workspaces(), period, weeklyOnly: false }, ctx);
    expect(mail.subject).toBe('Lagbevakning 3 december: 1 ändring i dina laglistor');
    expect(mail.text).toContain('Arbetsmiljölag Bcc: x@y.se (SFS 1977:1160)');
    expect(mail.text).toContain('Ändrad genom SFS 2026:406, trädde i kraft 1 juli 2026.');
    expect(mail.text.indexOf('2 kap. 3 § – Ändrad: Ny skyldighet.')).toBeLessThan(mail.text.indexOf('1 kap. 1 § – Ändrad (Redaktionell): Skiljetecken.'));
    expect(mail.text).toContain(`Visa ändringarna: https://laglig.se/lagar/1977:1160/andringar/${CHANGE}`);
    expect(mail.text).toContain(`Se laglistan: https://laglig.se/app/${WS}/laglista`);
    expect(mail.html).toContain('Bygg &lt;&amp;&gt; Söner');
    expect(mail.html).not.toContain('<&>');
    expect(mail.html).toContain('href="https://laglig.se/avregistrera?token=all"');
  });

  it('weekly digest subject names the ISO week; a repeal without a change id links to the law page', () => {
    const period = digestPeriod(new Date('2026-12-07T07:00:00Z'), 'Europe/Stockholm');
    const ws = workspaces({ kind: 'repealed', changeId: null, amendingSfs: null, inForce: '2027-01-01', sections: [] });
    const mail = digestMail({ ...base, workspaces: [ws[0] as MailWorkspace, { ...(ws[0] as MailWorkspace), workspaceId: LIST, workspaceName: 'Två' }], period, weeklyOnly: true }, ctx);
    expect(mail.subject).toBe('Lagbevakning vecka 50: 1 ändring i dina laglistor'); // the same change in two workspaces counts once
    expect(mail.text).toContain('Upphävd, upphör att gälla 1 januari 2027.');
    expect(mail.text).toContain('Visa lagen: https://laglig.se/lagar/1977:1160\n');
    expect(mail.text).toContain('Öppna Laglig:\nhttps://laglig.se/app\n');
  });

  it('immediate mail names the law and why the user got it', () => {
    const mail = immediateMail({ ...base, workspaces: workspaces({ title: 'Arbetsmiljölag' }), critical: true }, ctx);
    expect(mail.subject).toBe('Lagändring: Arbetsmiljölag (SFS 1977:1160) har ändrats');
    expect(mail.text).toContain('Du har markerat den som kritisk');
  });
});

describe('law-change configuration', () => {
  it('defaults to 08:00 Europe/Stockholm and derives the one-click URL from WEB_BASE_URL', () => {
    const c = loadNotifierConfig({ WEB_BASE_URL: 'https://laglig.se/' });
    expect(c).toMatchObject({ digestCron: '0 8 * * *', DIGEST_TZ: 'Europe/Stockholm', DIGEST_LOOKBACK_DAYS: 8, apiPublicUrl: 'https://laglig.se/api/v1' });
    expect(loadNotifierConfig({ DIGEST_CRON: 'OFF', API_PUBLIC_URL: 'https://api.laglig.se/api/v1/' })).toMatchObject({ digestCron: null, apiPublicUrl: 'https://api.laglig.se/api/v1' });
  });

  it('refuses a bad schedule, zone or secret, and a production start without UNSUBSCRIBE_SECRET', () => {
    expect(() => loadNotifierConfig({ DIGEST_CRON: 'varje morgon' })).toThrow(/DIGEST_CRON/);
    expect(() => loadNotifierConfig({ DIGEST_TZ: 'Europe/Göteborg' })).toThrow(/DIGEST_TZ/);
    expect(() => loadNotifierConfig({ UNSUBSCRIBE_SECRET: 'kort' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(() => loadNotifierConfig({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET is required in production/);
    expect(loadNotifierConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: SECRET }).unsubscribeSecret).toBe(SECRET);
  });
});
