import { simpleParser } from 'mailparser';

/** A mail as the tests read it: raw header values by lower-case name, the decoded subject and bodies. */
export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/**
 * Parses a mail the notifier sent or wrote (RFC 2047 encoded words,
 * multipart/alternative, quoted-printable or base64 parts) with mailparser,
 * the parser of the nodemailer project.
 */
export async function parseMail(raw: string | Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw);
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  return { headers, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' };
}
