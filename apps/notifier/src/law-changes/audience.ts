import type { DigestFrequency, Subscriber } from '@laglig/contracts';
import type { NotifierConfig } from '../config';
import { lawLinks, type MailChange, type MailRequirement, type MailWorkspace } from '../templates/law-change-mails';
import { signUnsubscribeToken, type UnsubscribeScope } from '../preferences/unsubscribe-token';
import type { ResolvedPreferences } from '../preferences/preferences.service';

/** One user as subscribers.forLaws describes them, merged over workspaces (and over chunked calls). */
export interface Audience {
  userId: string;
  email: string;
  displayName: string;
  workspaces: Array<{
    workspaceId: string;
    workspaceName: string;
    lists: Array<{ listId: string; listName: string; sfs: Set<string> }>;
  }>;
}

export function groupSubscribers(subscribers: readonly Subscriber[]): Map<string, Audience> {
  const users = new Map<string, Audience>();
  for (const s of subscribers) {
    let user = users.get(s.userId);
    if (!user) {
      user = { userId: s.userId, email: s.email, displayName: s.displayName, workspaces: [] };
      users.set(s.userId, user);
    }
    let ws = user.workspaces.find((w) => w.workspaceId === s.workspaceId);
    if (!ws) {
      ws = { workspaceId: s.workspaceId, workspaceName: s.workspaceName, lists: [] };
      user.workspaces.push(ws);
    }
    for (const l of s.lists) {
      let list = ws.lists.find((x) => x.listId === l.listId);
      if (!list) {
        list = { listId: l.listId, listName: l.listName, sfs: new Set() };
        ws.lists.push(list);
      }
      for (const sfs of l.sfs) list.sfs.add(sfs);
    }
  }
  // Stable order in mails: workspaces and lists by name.
  for (const user of users.values()) {
    user.workspaces.sort((a, b) => a.workspaceName.localeCompare(b.workspaceName, 'sv') || a.workspaceId.localeCompare(b.workspaceId));
    for (const ws of user.workspaces) ws.lists.sort((a, b) => a.listName.localeCompare(b.listName, 'sv') || a.listId.localeCompare(b.listId));
  }
  return users;
}

/** Requirements a change re-opened in a workspace (requirements.flagged), by workspace and change. */
export type RequirementLookup = (workspaceId: string, change: MailChange) => readonly MailRequirement[];

/**
 * The user's workspaces → lists → changes for one mail: `include` decides per
 * list frequency and change; lists and workspaces left empty are dropped.
 */
export function buildMailWorkspaces(
  user: Audience,
  prefs: ResolvedPreferences,
  changes: readonly MailChange[],
  include: (frequency: DigestFrequency, change: MailChange) => boolean,
  requirements: RequirementLookup,
  config: Pick<NotifierConfig, 'unsubscribeSecret' | 'WEB_BASE_URL'>,
  issuedAt: number,
): MailWorkspace[] {
  const result: MailWorkspace[] = [];
  for (const ws of user.workspaces) {
    const lists = ws.lists
      .map((list) => {
        const frequency = prefs.frequency(ws.workspaceId, list.listId);
        const entries = changes
          .filter((c) => list.sfs.has(c.sfs) && include(frequency, c))
          .map((change) => ({ change, requirements: requirements(ws.workspaceId, change) }));
        const token = unsubscribeToken(config.unsubscribeSecret, user.userId, { kind: 'list', workspaceId: ws.workspaceId, listId: list.listId, listName: list.listName }, issuedAt);
        return { listId: list.listId, listName: list.listName, entries, unsubscribeUrl: lawLinks.unsubscribe(config.WEB_BASE_URL, token) };
      })
      .filter((l) => l.entries.length > 0);
    if (lists.length > 0) result.push({ workspaceId: ws.workspaceId, workspaceName: ws.workspaceName, lists });
  }
  return result;
}

export function unsubscribeToken(secret: string, userId: string, scope: UnsubscribeScope, issuedAt: number): string {
  return signUnsubscribeToken(secret, { userId, scope, issuedAt });
}

/**
 * The unsubscribe-all link for the body and the RFC 8058 one-click headers
 * (`List-Unsubscribe` points at the API, which a mail client POSTs to with
 * `List-Unsubscribe=One-Click`; the web page takes people who click).
 */
export function unsubscribeAll(config: Pick<NotifierConfig, 'unsubscribeSecret' | 'WEB_BASE_URL' | 'apiPublicUrl'>, userId: string, issuedAt: number) {
  const token = unsubscribeToken(config.unsubscribeSecret, userId, { kind: 'all' }, issuedAt);
  const api = new URL(`${config.apiPublicUrl}/unsubscribe`);
  api.searchParams.set('token', token);
  return {
    url: lawLinks.unsubscribe(config.WEB_BASE_URL, token),
    headers: { 'List-Unsubscribe': `<${api.toString()}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
