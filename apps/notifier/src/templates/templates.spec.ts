import type { EventPayload } from '@laglig/contracts';
import { formatCalendarDate, formatDateTime, formatDayMonth, oneLine } from './format';
import { escapeHtml, renderMail } from './layout';
import { appLink, links } from './links';
import { cardDueMail, invitationMail, passwordResetMail, verificationMail } from './mails';

const ctx = { webBaseUrl: 'https://laglig.se' };
const UUID = '6c1b2f0e-0000-4000-8000-000000000001';

describe('links', () => {
  it('builds each app link from WEB_BASE_URL', () => {
    expect(links.verifyEmail('http://localhost:4000', 'abc')).toBe('http://localhost:4000/verifiera-epost?token=abc');
    expect(links.resetPassword('https://laglig.se', 'abc')).toBe('https://laglig.se/aterstall-losenord?token=abc');
    expect(links.invitation('https://laglig.se', 'abc')).toBe('https://laglig.se/inbjudan?token=abc');
    expect(links.board('https://laglig.se', UUID)).toBe(`https://laglig.se/app/${UUID}/tavla`);
  });

  it('keeps a path prefix and drops trailing slashes, query and fragment of the base', () => {
    expect(links.invitation('https://example.se/laglig/', 't')).toBe('https://example.se/laglig/inbjudan?token=t');
    expect(links.board('https://example.se/laglig//?x=1#y', UUID)).toBe(`https://example.se/laglig/app/${UUID}/tavla`);
  });

  it('percent-encodes the token so it cannot leave its parameter', () => {
    const url = new URL(links.resetPassword('https://laglig.se', 'a b&admin=1#x/ä'));
    expect([...url.searchParams]).toEqual([['token', 'a b&admin=1#x/ä']]);
    expect(url.hash).toBe('');
    expect(url.pathname).toBe('/aterstall-losenord');
  });

  it('refuses a relative app path', () => {
    expect(() => appLink('https://laglig.se', 'inbjudan')).toThrow('must start with "/"');
  });
});

describe('formatting', () => {
  it('shows timestamps in Swedish time, summer and winter', () => {
    expect(formatDateTime('2030-01-15T13:05:00Z')).toBe('15 januari 2030 kl. 14:05');
    expect(formatDateTime('2030-07-01T22:30:00Z')).toBe('2 juli 2030 kl. 00:30');
  });

  it('shows a calendar date as the same day in any server time zone', () => {
    expect(formatCalendarDate('2030-03-13')).toBe('onsdag 13 mars 2030');
    expect(formatDayMonth('2030-12-31')).toBe('31 december');
  });

  it('rejects what is not a date', () => {
    expect(() => formatDateTime('i morgon')).toThrow(RangeError);
    expect(() => formatCalendarDate('2030-02-30')).toThrow(RangeError);
    expect(() => formatCalendarDate('13/3/2030')).toThrow(RangeError);
  });

  it('flattens user text to one bounded line', () => {
    expect(oneLine('  Anna\r\nBcc: x@y.se\t Berg ')).toBe('Anna Bcc: x@y.se Berg');
    expect(oneLine('a'.repeat(200), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('layout', () => {
  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('renders the same content as plain text and accessible HTML', () => {
    const mail = renderMail({
      subject: 'Ämne',
      heading: 'Rubrik',
      greeting: 'Hej!',
      intro: [['Text med ', { strong: 'betoning' }, '.']],
      action: { label: 'Gör något', url: 'https://laglig.se/x?token=a&b=c' },
      notes: ['Slut.'],
    });
    expect(mail.text).toBe(
      ['Rubrik', '', 'Hej!', '', 'Text med betoning.', '', 'Gör något:', 'https://laglig.se/x?token=a&b=c', '', 'Slut.', '', '-- ', 'Laglig', 'Det här meddelandet skickades automatiskt av Laglig. Svara inte på det.', ''].join('\n'),
    );
    expect(mail.html).toContain('<html lang="sv">');
    expect(mail.html).toContain('<title>Ämne</title>');
    expect(mail.html).toContain('<h1 ');
    expect(mail.html).toContain('Text med <strong>betoning</strong>.');
    expect(mail.html.match(/href="https:\/\/laglig\.se\/x\?token=a&amp;b=c"/g)).toHaveLength(2);
  });
});

describe('mails', () => {
  const registered: EventPayload<'user.registered'> = {
    userId: UUID,
    email: 'anna@example.se',
    displayName: '<script>alert(1)</script> & "Anna"',
    verificationToken: 'tok',
    expiresAt: '2030-01-15T13:05:00Z',
  };

  it('escapes a display name in HTML and keeps it readable in text', () => {
    const mail = verificationMail(registered, ctx);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Anna&quot;!');
    expect(mail.text).toContain('Hej <script>alert(1)</script> & "Anna"!');
    expect(mail.text).toContain('https://laglig.se/verifiera-epost?token=tok');
    expect(mail.text).toContain('Länken gäller till 15 januari 2030 kl. 14:05.');
  });

  it('greets without a name when there is none', () => {
    expect(passwordResetMail({ ...registered, resetToken: 'r', displayName: ' \n ' }, ctx).text).toContain('\nHej!\n');
  });

  it('keeps user names out of the subject header structure', () => {
    const mail = invitationMail(
      {
        invitationId: UUID,
        workspaceId: UUID,
        workspaceName: 'Bolaget\r\nBcc: evil@example.se',
        email: 'x@example.se',
        role: 'ADMIN',
        invitedByName: 'Eva <eva@evil>',
        token: 't',
        expiresAt: '2030-01-15T13:05:00Z',
      },
      ctx,
    );
    expect(mail.subject).toBe('Eva <eva@evil> har bjudit in dig till Bolaget Bcc: evil@example.se i Laglig');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).toContain('<strong>Eva &lt;eva@evil&gt;</strong>');
    expect(mail.text).toContain('med rollen Administratör.');
    expect(mail.text).toContain('https://laglig.se/inbjudan?token=t');
  });

  it('escapes a card title and links to the board', () => {
    const mail = cardDueMail(
      { cardId: UUID, workspaceId: UUID, workspaceName: 'A & B', title: 'Kontrollera <brandlarm>', dueDate: '2030-03-13', assignees: [] },
      { userId: UUID, email: 'x@example.se', displayName: 'Åsa' },
      ctx,
    );
    expect(mail.subject).toBe('Påminnelse: ”Kontrollera <brandlarm>” ska vara klart 13 mars');
    expect(mail.html).toContain('<strong>Kontrollera &lt;brandlarm&gt;</strong>');
    expect(mail.html).toContain('<strong>A &amp; B</strong>');
    expect(mail.html).toContain(`href="https://laglig.se/app/${UUID}/tavla"`);
    expect(mail.text).toContain('Hej Åsa!');
    expect(mail.text).toContain('ska vara klart onsdag 13 mars 2030.');
  });
});
