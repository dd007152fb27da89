import { normaliseSfs } from '@laglig/contracts';
import { isoDateIn, sfsNumberIn } from './normalise';

export const SOURCE_SFST = 'Regeringskansliets rättsdatabaser (SFST)';
export const SOURCE_RIKSDAGEN = 'Riksdagens öppna data';

export interface SourceAmendment {
  sfs: string;
  title: string | null;
  /** ISO date. */
  inForce: string | null;
  notes: string | null;
}

/** One statute as a source delivers it, before parsing. Both sources end here. */
export interface SourceDocument {
  sfs: string;
  dokId: string;
  title: string;
  department: string | null;
  /** ISO date (utfärdad). */
  issuedAt: string | null;
  /** As the source states it ("1978-07-01 överg.best."). */
  inForce: string | null;
  /** "t.o.m. SFS 2023:349". */
  amendedThrough: string | null;
  repealedAt: string | null;
  repealedBy: string | null;
  sourceName: string;
  sourceUrl: string | null;
  fetchedAt: Date;
  text: string;
  /** The amendment register; null when the source has none (existing rows are then kept). */
  amendments: SourceAmendment[] | null;
}

/** A source document that could not be read; recorded in the run summary. */
export class MalformedDocumentError extends Error {
  constructor(
    readonly dokId: string,
    message: string,
  ) {
    super(message);
    this.name = 'MalformedDocumentError';
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Riksdagen-style titles may be hard-wrapped ("Förordning (1976:257)\r\nom lån ..."). */
export const cleanTitle = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** "//data.riksdagen.se/dokument/x.html" -> "https://data.riksdagen.se/dokument/x.html". */
export function absoluteUrl(value: unknown, base = 'https://data.riksdagen.se'): string | null {
  const url = text(value);
  if (!url) return null;
  try {
    return new URL(url, base).toString();
  } catch {
    return null;
  }
}

/* ----------------------------------------------------------- bundled folder format */

/** data/sfs/YYYY-NNN.json: Riksdagen field names plus the SFST header fields. */
export interface BundledMetadata {
  dok_id?: unknown;
  beteckning?: unknown;
  titel?: unknown;
  undertitel?: unknown;
  organ?: unknown;
  datum?: unknown;
  dokument_url_html?: unknown;
  rkrattsbaser_falt?: Record<string, unknown>;
  _source?: { original_url?: unknown };
}

/** data/sfs/YYYY-NNN.sfsr.json: the amendment register. */
export interface BundledRegister {
  andringsforfattningar?: Array<{ beteckning?: unknown; rubrik?: unknown; ikraft_datum?: unknown; anteckningar?: unknown }>;
}

export function fromBundled(
  meta: BundledMetadata,
  body: string,
  register: BundledRegister | null,
  fetchedAt: Date,
  id: string,
): SourceDocument {
  const falt = meta.rkrattsbaser_falt ?? {};
  const sfs = normaliseSfs(text(meta.beteckning) ?? text(falt['SFS-nummer']) ?? '');
  if (!sfs) throw new MalformedDocumentError(id, 'Ogiltigt eller saknat SFS-nummer i metadata');
  const title = text(meta.titel);
  if (!title) throw new MalformedDocumentError(id, 'Titel saknas i metadata');
  const repealed = text(falt['Upphävd']);
  return {
    sfs,
    dokId: text(meta.dok_id) ?? `sfs-${sfs.replace(':', '-')}`,
    title: cleanTitle(title),
    department: text(falt['Departement']) ?? text(meta.organ),
    issuedAt: isoDateIn(text(falt['Utfärdad']) ?? text(meta.datum)),
    inForce: text(falt['Ikraft']),
    amendedThrough: text(falt['Ändring införd']) ?? text(meta.undertitel),
    repealedAt: repealed ? isoDateIn(repealed) : null,
    repealedBy: repealed ? sfsNumberIn(repealed) : null,
    sourceName: SOURCE_SFST,
    sourceUrl: absoluteUrl(meta._source?.original_url) ?? absoluteUrl(meta.dokument_url_html),
    fetchedAt,
    text: body,
    amendments: register ? registerEntries(register) : null,
  };
}

function registerEntries(register: BundledRegister): SourceAmendment[] {
  const seen = new Set<string>();
  const entries: SourceAmendment[] = [];
  for (const entry of register.andringsforfattningar ?? []) {
    const sfs = normaliseSfs(text(entry.beteckning) ?? '');
    if (!sfs || seen.has(sfs)) continue;
    seen.add(sfs);
    entries.push({
      sfs,
      title: text(entry.rubrik),
      inForce: isoDateIn(text(entry.ikraft_datum)),
      notes: text(entry.anteckningar),
    });
  }
  return entries;
}

/* ----------------------------------------------------------- Riksdagen dokumentstatus */

interface Uppgift {
  kod?: unknown;
  text?: unknown;
}

/** `dokuppgift.uppgift` is an array, or a single object when there is one entry (XML-to-JSON quirk). */
export function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface DokumentstatusJson {
  dokumentstatus?: {
    dokument?: Record<string, unknown>;
    dokuppgift?: { uppgift?: Uppgift | Uppgift[] } | null;
  };
}

/**
 * Map a /dokumentstatus/<dok_id>.json response. `text` is the statute text
 * (from the response, or from /dokument/<dok_id>.text when that was empty).
 */
export function fromDokumentstatus(json: DokumentstatusJson, body: string, fetchedAt: Date, id: string): SourceDocument {
  const dokument = json.dokumentstatus?.dokument;
  if (!dokument || typeof dokument !== 'object') throw new MalformedDocumentError(id, 'Svaret saknar dokumentstatus.dokument');
  const uppgifter = new Map<string, string>();
  for (const uppgift of asArray(json.dokumentstatus?.dokuppgift?.uppgift)) {
    const kod = text(uppgift.kod);
    const value = text(uppgift.text);
    if (kod && value) uppgifter.set(kod, value);
  }
  const sfs = normaliseSfs(text(dokument['beteckning']) ?? '');
  if (!sfs) throw new MalformedDocumentError(id, 'Ogiltigt eller saknat SFS-nummer (beteckning)');
  const title = text(dokument['titel']);
  if (!title) throw new MalformedDocumentError(id, 'Titel saknas');
  const dokId = text(dokument['dok_id']) ?? id;
  return {
    sfs,
    dokId,
    title: cleanTitle(title),
    department: text(dokument['organ']),
    issuedAt: isoDateIn(uppgifter.get('utfardad') ?? text(dokument['datum'])),
    inForce: uppgifter.get('ikraft') ?? null,
    amendedThrough: text(dokument['subtitel']) ?? uppgifter.get('andrattillochmed') ?? null,
    repealedAt: isoDateIn(uppgifter.get('upphavd')),
    repealedBy: sfsNumberIn(uppgifter.get('upphnr')),
    sourceName: SOURCE_RIKSDAGEN,
    sourceUrl: `https://data.riksdagen.se/dokument/${encodeURIComponent(dokId)}`,
    fetchedAt,
    text: body,
    amendments: null,
  };
}
