import { type ActivityEntity, type ActivityEntry, REQUIREMENT_STATUS_LABELS, WORKSPACE_ROLE_LABELS } from '@laglig/contracts';

/** Names the log needs besides the entry itself (members, columns), looked up by id. */
export interface ActivityLookups {
  memberName?: (userId: string) => string | null;
  columnName?: (columnId: string) => string | null;
}

export interface ChangeLine {
  field: string;
  label: string;
  from: string;
  to: string;
}

export interface ActivityLine {
  id: string;
  at: string;
  who: string;
  /** "ändrade kravet", "flyttade kortet", … */
  what: string;
  /** The entity at the time ("Systematiskt arbetsmiljöarbete", "1977:1160"). */
  subject: string | null;
  changes: ChangeLine[];
}

const ENTITY: Record<ActivityEntity, string> = {
  workspace: 'arbetsytan',
  member: 'medlemmen',
  invitation: 'inbjudan',
  profile: 'företagsprofilen',
  list: 'laglistan',
  list_item: 'lagen i listan',
  requirement: 'kravet',
  evidence: 'beviset',
  column: 'kolumnen',
  card: 'kortet',
  comment: 'kommentaren',
  change: 'lagändringen',
};

export const ENTITY_FILTER_LABELS: Record<ActivityEntity, string> = {
  workspace: 'Arbetsyta',
  member: 'Medlemmar',
  invitation: 'Inbjudningar',
  profile: 'Företagsprofil',
  list: 'Laglistor',
  list_item: 'Lagar i listor',
  requirement: 'Krav',
  evidence: 'Bevis',
  column: 'Kolumner',
  card: 'Kort',
  comment: 'Kommentarer',
  change: 'Lagändringar',
};

const ACTION: Record<string, string> = {
  created: 'skapade',
  updated: 'ändrade',
  moved: 'flyttade',
  deleted: 'tog bort',
  removed: 'tog bort',
  added: 'lade till',
  restored: 'återställde',
  commented: 'kommenterade',
  invited: 'bjöd in',
  accepted: 'accepterade',
  revoked: 'återkallade',
  joined: 'gick med i',
  renamed: 'bytte namn på',
  generated: 'skapade',
  uploaded: 'laddade upp',
  exported: 'exporterade',
  received: 'tog emot',
  acknowledged: 'kvitterade',
  flagged: 'flaggade',
};

const FIELD: Record<string, string> = {
  status: 'Status',
  motivation: 'Motivering',
  action: 'Åtgärd',
  responsibleUserId: 'Ansvarig',
  responsibleName: 'Ansvarig',
  reviewDate: 'Nästa granskning',
  title: 'Rubrik',
  description: 'Beskrivning',
  anchor: 'Paragraf',
  columnId: 'Kolumn',
  column: 'Kolumn',
  position: 'Plats',
  assigneeIds: 'Tilldelade',
  dueDate: 'Förfallodatum',
  labels: 'Etiketter',
  checklist: 'Checklista',
  lawRef: 'Lag',
  requirementId: 'Krav',
  name: 'Namn',
  role: 'Roll',
  email: 'E-post',
  reason: 'Motivering',
  removedReason: 'Skäl för borttagning',
  orgNumber: 'Organisationsnummer',
  sniCodes: 'SNI-koder',
  employees: 'Antal anställda',
  screening: 'Frågor om verksamheten',
  body: 'Kommentar',
  filename: 'Fil',
  url: 'Länk',
  comment: 'Kommentar',
  acknowledged: 'Kvitterad',
  flaggedRequirements: 'Krav som behöver omprövas',
  cardId: 'Kort',
  reviewFlag: 'Behöver omprövas',
};

/** Statuses of invitations and list entries (requirement statuses have their own labels). */
const STATUS_WORDS: Record<string, string> = {
  open: 'Väntande',
  pending: 'Väntande',
  accepted: 'Accepterad',
  revoked: 'Återkallad',
  expired: 'Utgången',
  active: 'Aktiv',
  removed: 'Borttagen',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldLabel(field: string): string {
  return FIELD[field] ?? field;
}

/** A value of a change as an auditor reads it: labels for codes, names for ids, "—" for nothing. */
export function valueText(field: string, value: unknown, lookups: ActivityLookups = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'status' && typeof value === 'string') {
    return REQUIREMENT_STATUS_LABELS[value as keyof typeof REQUIREMENT_STATUS_LABELS] ?? STATUS_WORDS[value] ?? value;
  }
  if (field === 'role' && typeof value === 'string') return WORKSPACE_ROLE_LABELS[value as keyof typeof WORKSPACE_ROLE_LABELS] ?? value;
  if ((field === 'responsibleUserId' || field === 'userId') && typeof value === 'string') return lookups.memberName?.(value) ?? value;
  if (field === 'columnId' && typeof value === 'string') return lookups.columnName?.(value) ?? value;
  if (field === 'assigneeIds' && Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map((id) => (typeof id === 'string' ? (lookups.memberName?.(id) ?? id) : String(id))).join(', ');
  }
  if (field === 'checklist' && Array.isArray(value)) {
    const done = value.filter((item) => isRecord(item) && item['done'] === true).length;
    return value.length === 0 ? '—' : `${done} av ${value.length} klara`;
  }
  if (field === 'screening' && isRecord(value)) {
    const yes = Object.entries(value).filter(([, v]) => v === true).length;
    return `${yes} ja-svar`;
  }
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((v) => (isRecord(v) ? String(v['code'] ?? v['title'] ?? v['text'] ?? JSON.stringify(v)) : String(v))).join(', ');
  }
  if (isRecord(value)) return String(value['name'] ?? value['title'] ?? JSON.stringify(value));
  return String(value);
}

/** One log entry as a sentence and a list of field changes (old → new). */
export function activityLine(entry: ActivityEntry, lookups: ActivityLookups = {}): ActivityLine {
  const verb = ACTION[entry.action] ?? entry.action;
  const entity = ENTITY[entry.entityType] ?? entry.entityType;
  return {
    id: entry.id,
    at: entry.at,
    who: entry.actorName ?? (entry.actorId ? (lookups.memberName?.(entry.actorId) ?? 'En tidigare medlem') : 'Systemet'),
    what: `${verb} ${entity}`,
    subject: entry.summary,
    changes: entry.changes
      // The fractional position says nothing to a person; the column does.
      .filter((c) => c.field !== 'position' && c.field !== 'version' && c.field !== 'updatedAt')
      .map((c) => ({ field: c.field, label: fieldLabel(c.field), from: valueText(c.field, c.from, lookups), to: valueText(c.field, c.to, lookups) })),
  };
}

const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
const DATE = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeZone: 'Europe/Stockholm' });

/** "12 mars 2025 14:05" (Swedish time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : DATE_TIME.format(t);
}

/** "12 mars 2025" for a timestamp; a plain date (YYYY-MM-DD) is shown as it is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : DATE.format(t);
}
