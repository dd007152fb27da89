import { fetchTextWithRetry, type FetchRetryOptions } from './http';
import { absoluteUrl, asArray, fromDokumentstatus, MalformedDocumentError, type DokumentstatusJson, type SourceDocument } from './source-document';

/** One row of /dokumentlista/ (the fields the catalog uses). */
export interface ListedDocument {
  dokId: string;
  beteckning: string | null;
  datum: string | null;
  systemdatum: string | null;
  /** Absolute URL of the plain text (dokument_url_text). */
  textUrl: string | null;
}

export interface ListPage {
  page: number;
  pages: number;
  total: number;
  documents: ListedDocument[];
  next: string | null;
}

export interface RiksdagenSourceOptions {
  baseUrl: string;
  /** Only documents dated on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Page size (`sz`); the API's default is 20. */
  pageSize?: number;
  /** List order: `datum` ascending (default; the CLI's import) or `systemdatum` descending (the sync: newest first). */
  sort?: 'datum' | 'systemdatum';
  sortOrder?: 'asc' | 'desc';
  http?: FetchRetryOptions;
}

interface DokumentlistaJson {
  dokumentlista?: {
    '@traffar'?: unknown;
    '@sida'?: unknown;
    '@sidor'?: unknown;
    '@nasta_sida'?: unknown;
    dokument?: Record<string, unknown> | Array<Record<string, unknown>> | null;
  };
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

function parseJson<T>(body: string, what: string, id: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new MalformedDocumentError(id, `Ogiltig JSON i ${what}`);
  }
}

/**
 * The Riksdagen open-data API (data.riksdagen.se): SFS list pages following
 * `@nasta_sida`, then each document's dokumentstatus (text + metadata).
 */
export class RiksdagenSource {
  private readonly base: string;

  constructor(private readonly options: RiksdagenSourceOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * Links in responses are followed on the configured host only: a link to
   * another host keeps its path and query but is fetched from the base URL.
   */
  private onBase(url: string | null): string | null {
    if (!url) return null;
    try {
      const target = new URL(url, this.base);
      const base = new URL(this.base);
      return target.host === base.host ? target.toString() : `${this.base}${target.pathname}${target.search}`;
    } catch {
      return null;
    }
  }

  firstPageUrl(): string {
    const params = new URLSearchParams({
      doktyp: 'sfs',
      utformat: 'json',
      sort: this.options.sort ?? 'datum',
      sortorder: this.options.sortOrder ?? 'asc',
      p: '1',
    });
    if (this.options.from) params.set('from', this.options.from);
    if (this.options.pageSize) params.set('sz', String(this.options.pageSize));
    return `${this.base}/dokumentlista/?${params.toString()}`;
  }

  async fetchPage(url: string): Promise<ListPage> {
    const body = await fetchTextWithRetry(url, this.options.http);
    const json = parseJson<DokumentlistaJson>(body, 'dokumentlista', url);
    const list = json.dokumentlista;
    if (!list) throw new Error(`Oväntat svar från dokumentlista (${url})`);
    const documents: ListedDocument[] = [];
    for (const row of asArray(list.dokument)) {
      const dokId = str(row['dok_id']) ?? str(row['id']);
      if (!dokId) continue;
      documents.push({
        dokId,
        beteckning: str(row['beteckning']),
        datum: str(row['datum']),
        systemdatum: str(row['systemdatum']),
        textUrl: this.onBase(absoluteUrl(row['dokument_url_text'], this.base)),
      });
    }
    const next = str(list['@nasta_sida']);
    return {
      page: Number(list['@sida'] ?? 1) || 1,
      pages: Number(list['@sidor'] ?? 1) || 1,
      total: Number(list['@traffar'] ?? documents.length) || 0,
      documents,
      next: next ? this.onBase(next) : null,
    };
  }

  /** All list pages in order. Stops if a page repeats (a looping `@nasta_sida`). */
  async *pages(): AsyncGenerator<ListPage> {
    const seen = new Set<string>();
    for (let url: string | null = this.firstPageUrl(); url && !seen.has(url); ) {
      seen.add(url);
      const page = await this.fetchPage(url);
      yield page;
      url = page.next;
    }
  }

  /**
   * Fetch one document: /dokumentstatus/<dok_id>.json, falling back to the
   * plain text endpoint when the status carries no text. A repealed statute
   * may legitimately have no text; that is returned with text ''.
   */
  async fetchDocument(listed: ListedDocument): Promise<SourceDocument> {
    const statusUrl = `${this.base}/dokumentstatus/${encodeURIComponent(listed.dokId)}.json`;
    const body = await fetchTextWithRetry(statusUrl, this.options.http);
    const json = parseJson<DokumentstatusJson>(body, 'dokumentstatus', listed.dokId);
    const fetchedAt = new Date();
    let text = typeof json.dokumentstatus?.dokument?.['text'] === 'string' ? (json.dokumentstatus.dokument['text'] as string) : '';
    const document = fromDokumentstatus(json, text, fetchedAt, listed.dokId);
    if (text.trim() === '' && !document.repealedAt && !document.repealedBy) {
      const textUrl = listed.textUrl ?? `${this.base}/dokument/${encodeURIComponent(listed.dokId)}.text`;
      text = await fetchTextWithRetry(textUrl, this.options.http);
      if (text.trim() === '') throw new MalformedDocumentError(listed.dokId, 'Dokumentet saknar text');
      return { ...document, text };
    }
    return document;
  }
}
