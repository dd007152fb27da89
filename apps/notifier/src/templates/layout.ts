/**
 * A piece of paragraph text; `strong` parts are emphasised in HTML (names,
 * titles); a `link` is an anchor in HTML and "label: url" in plain text.
 */
export type Inline = string | { strong: string } | { link: string; url: string };
export type Paragraph = string | readonly Inline[];

/** Structured content between the intro and the call to action (the law-change mails). */
export type Block =
  | { heading: string; level: 2 | 3 | 4 }
  | { paragraph: Paragraph }
  | { items: readonly Paragraph[] };

/** What a mail says; one layout turns it into the plain-text and the HTML part so both always agree. */
export interface MailContent {
  subject: string;
  /** The HTML part's heading (and the plain text's first line). */
  heading: string;
  /** "Hej Anna!" */
  greeting: string;
  /** Before the call to action. */
  intro: readonly Paragraph[];
  /** After the intro: headings, paragraphs and bullet lists (digests). */
  blocks?: readonly Block[];
  /** The one link the mail is about; shown as a button and as a plain URL to copy. */
  action: { label: string; url: string };
  /** After the call to action: validity, "if this was not you". */
  notes: readonly Paragraph[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER = 'Det här meddelandet skickades automatiskt av Laglig. Svara inte på det.';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const inlines = (p: Paragraph): readonly Inline[] => (typeof p === 'string' ? [p] : p);
const plain = (p: Paragraph): string =>
  inlines(p)
    .map((i) => (typeof i === 'string' ? i : 'strong' in i ? i.strong : `${i.link}: ${i.url}`))
    .join('');
const html = (p: Paragraph): string =>
  inlines(p)
    .map((i) =>
      typeof i === 'string'
        ? escapeHtml(i)
        : 'strong' in i
          ? `<strong>${escapeHtml(i.strong)}</strong>`
          : `<a href="${escapeHtml(i.url)}" style="color:${COLORS.link};">${escapeHtml(i.link)}</a>`,
    )
    .join('');

const COLORS = { text: '#1a1a1a', muted: '#4d4d4d', link: '#0b5394', page: '#f3f4f6', card: '#ffffff', rule: '#d9dce1' };
const P = `margin:0 0 16px;`;
const HEADING_SIZES = { 2: 20, 3: 18, 4: 16 } as const;

function blockText(block: Block): string[] {
  if ('heading' in block) {
    const underline = block.level === 2 ? '=' : block.level === 3 ? '-' : '';
    return underline ? [block.heading, underline.repeat(Math.min(block.heading.length, 72)), ''] : [block.heading, ''];
  }
  if ('paragraph' in block) return [plain(block.paragraph), ''];
  return [...block.items.map((item) => `- ${plain(item)}`), ''];
}

function blockHtml(block: Block): string {
  if ('heading' in block) {
    const size = HEADING_SIZES[block.level];
    return `<h${block.level} style="margin:24px 0 8px;font-size:${size}px;line-height:1.3;">${escapeHtml(block.heading)}</h${block.level}>`;
  }
  if ('paragraph' in block) return `<p style="${P}">${html(block.paragraph)}</p>`;
  return `<ul style="margin:0 0 16px;padding-left:24px;">${block.items.map((item) => `<li style="margin:0 0 4px;">${html(item)}</li>`).join('')}</ul>`;
}

export function renderMail(content: MailContent): RenderedMail {
  const text = [
    content.heading,
    '',
    content.greeting,
    '',
    ...content.intro.flatMap((p) => [plain(p), '']),
    ...(content.blocks ?? []).flatMap(blockText),
    `${content.action.label}:`,
    content.action.url,
    '',
    ...content.notes.flatMap((p) => [plain(p), '']),
    '-- ',
    'Laglig',
    FOOTER,
    '',
  ].join('\n');

  const url = escapeHtml(content.action.url);
  const htmlBody = `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};">
<div role="article" aria-label="${escapeHtml(content.subject)}" lang="sv" style="max-width:600px;margin:0 auto;padding:24px 16px;">
<div style="background:${COLORS.card};padding:24px;border:1px solid ${COLORS.rule};border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:${COLORS.text};">
<p style="${P}font-size:18px;font-weight:bold;color:${COLORS.link};">Laglig</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;">${escapeHtml(content.heading)}</h1>
<p style="${P}">${escapeHtml(content.greeting)}</p>
${content.intro.map((p) => `<p style="${P}">${html(p)}</p>`).join('\n')}
${(content.blocks ?? []).map(blockHtml).join('\n')}
<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;padding:12px 20px;background:${COLORS.link};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(content.action.label)}</a></p>
<p style="${P}font-size:14px;color:${COLORS.muted};">Fungerar inte knappen? Kopiera länken till webbläsarens adressfält:<br><a href="${url}" style="color:${COLORS.link};word-break:break-all;">${url}</a></p>
${content.notes.map((p) => `<p style="${P}">${html(p)}</p>`).join('\n')}
<hr style="border:none;border-top:1px solid ${COLORS.rule};margin:24px 0 16px;">
<p style="margin:0;font-size:13px;color:${COLORS.muted};">${escapeHtml(FOOTER)}</p>
</div>
</div>
</body>
</html>
`;
  return { subject: content.subject, text, html: htmlBody };
}
