import { normaliseSfs } from '@laglig/contracts';

/**
 * The change feed's filters as in the URL (Swedish names):
 * `?lista=<id>&lag=1977:1160&fran=2025-01-01&till=2025-12-31&typ=vasentlig&kvitterad=nej`.
 */
export interface ChangeFilter {
  /** A law list id or "" (all lists). */
  listId: string;
  /** An SFS number ("1977:1160") or "" (all laws). */
  sfs: string;
  /** YYYY-MM-DD or "". */
  from: string;
  to: string;
  /** "vasentlig" (substantive), "redaktionell" (editorial only) or "" (both). */
  type: '' | 'vasentlig' | 'redaktionell';
  /** "ja" (acknowledged), "nej" (not yet) or "" (both). */
  acknowledged: '' | 'ja' | 'nej';
}

/** The query of `GET /api/v1/workspaces/:ws/changes` (WorkspaceChangeFilter). */
export interface ChangeFeedQuery {
  listId?: string;
  sfs?: string;
  from?: string;
  to?: string;
  substantive?: boolean;
  acknowledged?: boolean;
}

export const NO_CHANGE_FILTER: ChangeFilter = { listId: '', sfs: '', from: '', to: '', type: '', acknowledged: '' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Reads the URL; anything malformed is ignored (the filter is then off). */
export function changeFilterFromQuery(query: Record<string, string | null | undefined>): ChangeFilter {
  const get = (key: string) => (query[key] ?? '').trim();
  const listId = get('lista');
  const sfs = normaliseSfs(get('lag')) ?? '';
  const from = get('fran');
  const to = get('till');
  const type = get('typ');
  const acknowledged = get('kvitterad');
  return {
    listId: UUID.test(listId) ? listId.toLowerCase() : '',
    sfs,
    from: isDate(from) ? from : '',
    to: isDate(to) ? to : '',
    type: type === 'vasentlig' || type === 'redaktionell' ? type : '',
    acknowledged: acknowledged === 'ja' || acknowledged === 'nej' ? acknowledged : '',
  };
}

/** Query parameters for the router; absent filters are null (so the router drops them). */
export function changeFilterToQuery(filter: ChangeFilter): Record<string, string | null> {
  return {
    lista: filter.listId || null,
    lag: filter.sfs || null,
    fran: filter.from || null,
    till: filter.to || null,
    typ: filter.type || null,
    kvitterad: filter.acknowledged || null,
  };
}

/** What the API gets: only the filters that are on. */
export function changeFilterToApi(filter: ChangeFilter): ChangeFeedQuery {
  const out: ChangeFeedQuery = {};
  if (filter.listId) out.listId = filter.listId;
  if (filter.sfs) out.sfs = filter.sfs;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  if (filter.type) out.substantive = filter.type === 'vasentlig';
  if (filter.acknowledged) out.acknowledged = filter.acknowledged === 'ja';
  return out;
}

export function isChangeFilterActive(filter: ChangeFilter): boolean {
  return Object.values(changeFilterToQuery(filter)).some((v) => v !== null);
}

/**
 * Checks the values typed into the filter form; returns Swedish messages per
 * field (`lag`, `till`), empty when all is well. The SFS number is normalised
 * ("1977-1160" → "1977:1160").
 */
export function validateChangeFilter(input: ChangeFilter): { filter: ChangeFilter; errors: Partial<Record<'lag' | 'fran' | 'till', string>> } {
  const errors: Partial<Record<'lag' | 'fran' | 'till', string>> = {};
  let sfs = input.sfs.trim();
  if (sfs) {
    const n = normaliseSfs(sfs);
    if (n) sfs = n;
    else errors.lag = 'Ange SFS-numret som år och löpnummer, till exempel 1977:1160.';
  }
  if (input.from && !isDate(input.from)) errors.fran = 'Ange datum som ÅÅÅÅ-MM-DD.';
  if (input.to && !isDate(input.to)) errors.till = 'Ange datum som ÅÅÅÅ-MM-DD.';
  if (!errors.fran && !errors.till && input.from && input.to && input.from > input.to) errors.till = 'Slutdatumet ligger före startdatumet.';
  return { filter: { ...input, sfs }, errors };
}
