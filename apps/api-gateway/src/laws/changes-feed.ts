import { SECTION_CHANGE_LABELS, type LawChange } from '@laglig/contracts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attribute values; drops the characters XML 1.0 forbids. */
export function escapeXml(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** `/lagar/1977:1160` — the web app's statute path (the colon stays, everything else is encoded). */
export function lawWebPath(sfs: string): string {
  return `/lagar/${encodeURIComponent(sfs).replace(/%3A/gi, ':')}`;
}

/** "Arbetsmiljölag (1977:1160) ändrad genom SFS 2025:406". */
export function changeTitle(change: Pick<LawChange, 'title' | 'kind' | 'amendingSfs'>): string {
  const by = change.amendingSfs ? ` genom SFS ${change.amendingSfs}` : '';
  switch (change.kind) {
    case 'new':
      return `${change.title}: ny författning`;
    case 'repealed':
      return `${change.title} upphävd${by}`;
    case 'amended':
      return `${change.title} ändrad${by}`;
  }
}

/** Plain-text summary of a change: ikraftträdande, then one line per section ("3 kap. 2 a § (Ändrad): …"). */
export function changeSummary(change: Pick<LawChange, 'inForce' | 'substantive' | 'sections'>): string {
  const lines: string[] = [];
  if (change.inForce) lines.push(`Träder i kraft ${change.inForce}.`);
  if (!change.substantive) lines.push('Endast redaktionella ändringar.');
  for (const s of change.sections) {
    const tags = [SECTION_CHANGE_LABELS[s.kind], ...(s.editorial ? ['redaktionell'] : [])].join(', ');
    lines.push(`${s.label} (${tags})${s.summary ? `: ${s.summary}` : ''}`);
  }
  if (change.sections.length === 0 && lines.length === 0) lines.push('Inga paragrafer ändrades.');
  return lines.join('\n');
}

export interface AtomFeedInput {
  sfs: string;
  /** The statute's title ("Arbetsmiljölag (1977:1160)"). */
  title: string;
  /** The web app's public origin, without a trailing slash. */
  baseUrl: string;
  /** Newest first. */
  changes: readonly LawChange[];
  /** `<updated>` when there are no changes (the current version's creation time). */
  fallbackUpdated: string;
}

function isoOrNull(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An Atom 1.0 feed (RFC 4287) of one statute's change events; every text is XML-escaped. */
export function atomFeed(input: AtomFeedInput): string {
  const base = input.baseUrl.replace(/\/+$/, '');
  const lawPath = lawWebPath(input.sfs);
  const pageUrl = `${base}${lawPath}/andringar`;
  const selfUrl = `${base}/api/v1/laws/${encodeURIComponent(input.sfs).replace(/%3A/gi, ':')}/changes.atom`;
  const newest = input.changes[0] ? isoOrNull(input.changes[0].detectedAt) : null;
  const updated = newest ?? isoOrNull(input.fallbackUpdated) ?? new Date(0).toISOString();
  const x = escapeXml;

  const entries = input.changes.map((c) => {
    const link = `${base}${lawPath}/andringar/${encodeURIComponent(c.id)}`;
    const at = isoOrNull(c.detectedAt) ?? updated;
    return [
      '  <entry>',
      `    <id>urn:uuid:${x(c.id)}</id>`,
      `    <title type="text">${x(changeTitle(c))}</title>`,
      `    <updated>${at}</updated>`,
      `    <published>${at}</published>`,
      `    <link rel="alternate" type="text/html" href="${x(link)}"/>`,
      `    <category term="${x(c.kind)}" label="${c.substantive ? 'Väsentlig' : 'Redaktionell'}"/>`,
      `    <summary type="text">${x(changeSummary(c))}</summary>`,
      '  </entry>',
    ].join('\n');
  });

  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">',
    `  <id>${x(pageUrl)}</id>`,
    `  <title type="text">${x(`Ändringar i ${input.title}`)}</title>`,
    `  <subtitle type="text">${x(`Ändringshistorik för SFS ${input.sfs} från Laglig`)}</subtitle>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(pageUrl)}"/>`,
    '  <author><name>Laglig</name></author>',
    '  <generator>Laglig</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/**
 * `2025-03-01` → the start (or end) of that day in Europe/Stockholm as an ISO
 * timestamp with offset; anything else is returned unchanged (validated later).
 */
export function stockholmDayBoundary(value: string, end: boolean): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const time = end ? '23:59:59.999' : '00:00:00.000';
  // The offset at noon of that day (DST switches happen at night, never at noon).
  const noon = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(noon.getTime())) return value;
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' })
    .formatToParts(noon)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '')?.[1] ?? '+00:00';
  return `${value}T${time}${offset}`;
}
