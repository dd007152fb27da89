import type { DigestFrequency, LawList, NotificationPreferences } from '@laglig/contracts';

/** `PUT /api/v1/me/notifications` — PreferencesSetInput without the user id (the gateway takes it from the token). */
export interface PreferencesUpdate {
  defaultFrequency?: DigestFrequency;
  /** Per-list settings to upsert; frequency null removes the list's own setting. */
  lists?: Array<{ workspaceId: string; listId: string; frequency: DigestFrequency | null }>;
  criticalSfs?: string[];
}

/** One law list's setting in the form: a frequency, or "" = the user's default. */
export interface ListChoice {
  listId: string;
  name: string;
  frequency: DigestFrequency | '';
}

/** A statute that can be marked critical (SFS only: the notifier follows SFS numbers). */
export interface CriticalCandidate {
  sfs: string;
  title: string;
}

/** The form's list rows for this workspace, with the user's own setting per list. */
export function listChoices(prefs: NotificationPreferences, workspaceId: string, lists: ReadonlyArray<{ id: string; name: string }>): ListChoice[] {
  return lists.map((l) => ({
    listId: l.id,
    name: l.name,
    frequency: prefs.lists.find((p) => p.workspaceId === workspaceId && p.listId === l.id)?.frequency ?? '',
  }));
}

/** The active SFS statutes on the workspace's lists, once each, by title. */
export function criticalCandidates(lists: ReadonlyArray<Pick<LawList, 'items'>>): CriticalCandidate[] {
  const bySfs = new Map<string, string>();
  for (const list of lists) {
    for (const item of list.items) {
      if (item.kind === 'SFS' && item.status === 'active' && !bySfs.has(item.ref)) bySfs.set(item.ref, item.title);
    }
  }
  return [...bySfs.entries()].map(([sfs, title]) => ({ sfs, title })).sort((a, b) => a.title.localeCompare(b.title, 'sv'));
}

/**
 * What to PUT: the default, the list settings that differ from the stored ones
 * (null removes a list's own setting), and the critical statutes — those
 * chosen here plus those the user marked in other workspaces (kept as they
 * are, because this form does not show them).
 */
export function buildPreferencesUpdate(
  prefs: NotificationPreferences,
  workspaceId: string,
  defaultFrequency: DigestFrequency,
  choices: readonly ListChoice[],
  candidates: readonly CriticalCandidate[],
  chosenCritical: readonly string[],
): PreferencesUpdate {
  const lists: NonNullable<PreferencesUpdate['lists']> = [];
  for (const choice of choices) {
    const stored = prefs.lists.find((p) => p.workspaceId === workspaceId && p.listId === choice.listId)?.frequency ?? '';
    if (stored === choice.frequency) continue;
    lists.push({ workspaceId, listId: choice.listId, frequency: choice.frequency === '' ? null : choice.frequency });
  }
  const shown = new Set(candidates.map((c) => c.sfs));
  const chosen = chosenCritical.filter((s) => shown.has(s));
  const criticalSfs = [...new Set([...prefs.criticalSfs.filter((s) => !shown.has(s)), ...chosen])].sort();
  return { defaultFrequency, lists, criticalSfs };
}
