import { HttpClient, HttpErrorResponse, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ActivityEntity,
  ActivityEntry,
  Board,
  BoardColumn,
  Card,
  Comment,
  CompanyProfile,
  CompanyProfileInput,
  Evidence,
  Invitation,
  LawList,
  LawListItem,
  LawListSummary,
  Member,
  Requirement,
  RequirementStatus,
  SniEntry,
  Workspace,
  WorkspaceChange,
  WorkspaceRole,
} from '@laglig/contracts';
import { firstValueFrom } from 'rxjs';
import { problemFrom, toProblem } from '../../account/api-problem';
import { API_BASE_URL } from '../../core/api-base-url';
import type { ChangeFeedQuery } from '../changes/changes-filters';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RequirementQuery {
  listId?: string;
  status?: RequirementStatus | 'UNASSESSED';
  responsibleUserId?: string;
  ref?: string;
  overdue?: boolean;
  needsReview?: boolean;
}

export interface RequirementChanges {
  title?: string;
  description?: string;
  status?: RequirementStatus | null;
  motivation?: string | null;
  action?: string | null;
  responsibleUserId?: string | null;
  reviewDate?: string | null;
}

export interface CardChanges {
  title?: string;
  description?: string;
  lawRef?: string | null;
  requirementId?: string | null;
  assigneeIds?: string[];
  dueDate?: string | null;
  labels?: string[];
  checklist?: Array<{ id: string; text: string; done: boolean }>;
}

export interface MoveRequest {
  columnId: string;
  afterCardId: string | null;
  beforeCardId: string | null;
  version?: number;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

const seg = encodeURIComponent;

/** `attachment; filename*=UTF-8''Laglista%202025.xlsx` → "Laglista 2025.xlsx". */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/**
 * Every call of the signed-in dashboard, relative `/api/v1/...` (the SSR
 * server proxies them to the gateway; the interceptor adds the token).
 * Rejects with an ApiProblem (Swedish message, field errors, details).
 */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  private url(path: string): string {
    return `${this.base}/api/v1${path}`;
  }

  private ws(ws: string, path = ''): string {
    return this.url(`/workspaces/${seg(ws)}${path}`);
  }

  private async call<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw toProblem(error);
    }
  }

  private get<T>(url: string, params?: Record<string, string | number | boolean | undefined | null>): Promise<T> {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined && value !== null && value !== '') clean[key] = String(value);
    return this.call(firstValueFrom(this.http.get<T>(url, { params: clean })));
  }

  private post<T>(url: string, body: unknown): Promise<T> {
    return this.call(firstValueFrom(this.http.post<T>(url, body)));
  }

  private patch<T>(url: string, body: unknown): Promise<T> {
    return this.call(firstValueFrom(this.http.patch<T>(url, body)));
  }

  private put<T>(url: string, body: unknown): Promise<T> {
    return this.call(firstValueFrom(this.http.put<T>(url, body)));
  }

  private delete<T>(url: string): Promise<T> {
    return this.call(firstValueFrom(this.http.delete<T>(url)));
  }

  private async download(url: string, params: Record<string, string>, fallbackName: string): Promise<DownloadedFile> {
    let response: HttpResponse<Blob>;
    try {
      response = await firstValueFrom(this.http.get(url, { params, observe: 'response', responseType: 'blob' }));
    } catch (error) {
      // The error body of a blob request is a Blob too: read the JSON problem out of it.
      if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
        const text = await error.error.text().catch(() => '');
        let body: unknown = null;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = null;
        }
        throw problemFrom(error.status, body);
      }
      throw toProblem(error);
    }
    if (!response.body) throw toProblem(null);
    return { blob: response.body, filename: filenameFromDisposition(response.headers.get('content-disposition'), fallbackName) };
  }

  /* ------------------------------------------------------------ workspaces */

  workspaces(): Promise<{ items: Workspace[] }> {
    return this.get(this.url('/workspaces'));
  }
  createWorkspace(name: string): Promise<Workspace> {
    return this.post(this.url('/workspaces'), { name });
  }
  workspace(ws: string): Promise<Workspace> {
    return this.get(this.ws(ws));
  }
  renameWorkspace(ws: string, name: string): Promise<Workspace> {
    return this.patch(this.ws(ws), { name });
  }
  members(ws: string): Promise<{ items: Member[] }> {
    return this.get(this.ws(ws, '/members'));
  }
  updateMember(ws: string, userId: string, role: WorkspaceRole): Promise<Member> {
    return this.patch(this.ws(ws, `/members/${seg(userId)}`), { role });
  }
  removeMember(ws: string, userId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/members/${seg(userId)}`));
  }
  invitations(ws: string): Promise<{ items: Invitation[] }> {
    return this.get(this.ws(ws, '/invitations'));
  }
  invite(ws: string, email: string, role: WorkspaceRole): Promise<Invitation> {
    return this.post(this.ws(ws, '/invitations'), { email, role });
  }
  revokeInvitation(ws: string, invitationId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/invitations/${seg(invitationId)}`));
  }
  acceptInvitation(token: string): Promise<Workspace> {
    return this.post(this.url('/invitations/accept'), { token });
  }

  /* --------------------------------------------------- profile and lists */

  sni(q: string): Promise<{ items: SniEntry[] }> {
    return this.get(this.url('/sni'), { q });
  }
  profile(ws: string): Promise<{ profile: CompanyProfile | null }> {
    return this.get(this.ws(ws, '/profile'));
  }
  saveProfile(ws: string, profile: CompanyProfileInput): Promise<CompanyProfile> {
    return this.put(this.ws(ws, '/profile'), profile);
  }
  lists(ws: string): Promise<{ items: LawListSummary[] }> {
    return this.get(this.ws(ws, '/lists'));
  }
  createList(ws: string, name: string, generate: boolean): Promise<LawList> {
    return this.post(this.ws(ws, '/lists'), { name, generate });
  }
  list(ws: string, listId: string): Promise<LawList> {
    return this.get(this.ws(ws, `/lists/${seg(listId)}`));
  }
  renameList(ws: string, listId: string, name: string): Promise<LawListSummary> {
    return this.patch(this.ws(ws, `/lists/${seg(listId)}`), { name });
  }
  deleteList(ws: string, listId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/lists/${seg(listId)}`));
  }
  addLaw(ws: string, listId: string, ref: string, reason: string): Promise<LawListItem> {
    return this.post(this.ws(ws, `/lists/${seg(listId)}/items`), { ref, reason });
  }
  removeLaw(ws: string, listId: string, itemId: string, reason: string): Promise<LawListItem> {
    return this.post(this.ws(ws, `/lists/${seg(listId)}/items/${seg(itemId)}/remove`), { reason });
  }
  restoreLaw(ws: string, listId: string, itemId: string): Promise<LawListItem> {
    return this.post(this.ws(ws, `/lists/${seg(listId)}/items/${seg(itemId)}/restore`), {});
  }

  /* ---------------------------------------------------------- requirements */

  requirements(ws: string, query: RequirementQuery, cursor: string | null = null, limit = 500): Promise<Page<Requirement>> {
    return this.get(this.ws(ws, '/requirements'), { ...query, cursor, limit });
  }

  /** Every requirement matching the query, following the cursor. */
  async allRequirements(ws: string, query: RequirementQuery): Promise<Requirement[]> {
    const out: Requirement[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: Page<Requirement> = await this.requirements(ws, query, cursor);
      out.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return out;
  }
  requirement(ws: string, id: string): Promise<Requirement> {
    return this.get(this.ws(ws, `/requirements/${seg(id)}`));
  }
  createRequirement(ws: string, input: { itemId: string; title: string; description?: string }): Promise<Requirement> {
    return this.post(this.ws(ws, '/requirements'), input);
  }
  updateRequirement(ws: string, id: string, version: number, changes: RequirementChanges): Promise<Requirement> {
    return this.patch(this.ws(ws, `/requirements/${seg(id)}`), { version, ...changes });
  }
  deleteRequirement(ws: string, id: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/requirements/${seg(id)}`));
  }
  evidence(ws: string, requirementId: string): Promise<{ items: Evidence[] }> {
    return this.get(this.ws(ws, `/requirements/${seg(requirementId)}/evidence`));
  }
  uploadEvidence(ws: string, requirementId: string, file: File, title?: string): Promise<Evidence> {
    const form = new FormData();
    form.append('file', file, file.name);
    if (title) form.append('title', title);
    return this.post(this.ws(ws, `/requirements/${seg(requirementId)}/evidence`), form);
  }
  addEvidenceLink(ws: string, requirementId: string, title: string, url: string): Promise<Evidence> {
    return this.post(this.ws(ws, `/requirements/${seg(requirementId)}/evidence`), { title, url });
  }
  evidenceFile(ws: string, evidenceId: string, fallbackName: string): Promise<DownloadedFile> {
    return this.download(this.ws(ws, `/evidence/${seg(evidenceId)}/file`), {}, fallbackName);
  }
  removeEvidence(ws: string, evidenceId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/evidence/${seg(evidenceId)}`));
  }
  exportRegister(ws: string, format: 'xlsx' | 'csv', listId?: string): Promise<DownloadedFile> {
    return this.download(this.ws(ws, '/export'), listId ? { format, listId } : { format }, `laglista.${format}`);
  }

  /* ------------------------------------------------------------- activity */

  activity(ws: string, filter: { entityType?: ActivityEntity; entityId?: string; cursor?: string | null; limit?: number } = {}): Promise<Page<ActivityEntry>> {
    return this.get(this.ws(ws, '/activity'), { entityType: filter.entityType, entityId: filter.entityId, cursor: filter.cursor, limit: filter.limit ?? 50 });
  }

  /* ---------------------------------------------------------- law changes */

  /** The workspace's change feed, newest first. */
  changes(ws: string, query: ChangeFeedQuery, cursor: string | null = null, limit = 25): Promise<Page<WorkspaceChange>> {
    return this.get(this.ws(ws, '/changes'), { ...query, cursor, limit });
  }
  /** Kvittera (409 when someone already did). */
  acknowledgeChange(ws: string, workspaceChangeId: string, comment: string | null): Promise<WorkspaceChange> {
    return this.post(this.ws(ws, `/changes/${seg(workspaceChangeId)}/acknowledge`), comment ? { comment } : {});
  }

  /* ---------------------------------------------------------------- board */

  board(ws: string): Promise<Board> {
    return this.get(this.ws(ws, '/board'));
  }
  createColumn(ws: string, name: string, afterColumnId: string | null): Promise<BoardColumn> {
    return this.post(this.ws(ws, '/board/columns'), { name, afterColumnId });
  }
  updateColumn(ws: string, columnId: string, changes: { name?: string; afterColumnId?: string | null }): Promise<BoardColumn> {
    return this.patch(this.ws(ws, `/board/columns/${seg(columnId)}`), changes);
  }
  deleteColumn(ws: string, columnId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/board/columns/${seg(columnId)}`));
  }
  createCard(ws: string, columnId: string, fields: CardChanges & { title: string }): Promise<Card> {
    return this.post(this.ws(ws, '/board/cards'), { columnId, fields });
  }
  updateCard(ws: string, cardId: string, version: number, changes: CardChanges): Promise<Card> {
    return this.patch(this.ws(ws, `/board/cards/${seg(cardId)}`), { version, ...changes });
  }
  moveCard(ws: string, cardId: string, move: MoveRequest): Promise<Card> {
    return this.post(this.ws(ws, `/board/cards/${seg(cardId)}/move`), move);
  }
  deleteCard(ws: string, cardId: string): Promise<unknown> {
    return this.delete(this.ws(ws, `/board/cards/${seg(cardId)}`));
  }
  comments(ws: string, cardId: string): Promise<{ items: Comment[] }> {
    return this.get(this.ws(ws, `/board/cards/${seg(cardId)}/comments`));
  }
  addComment(ws: string, cardId: string, body: string): Promise<Comment> {
    return this.post(this.ws(ws, `/board/cards/${seg(cardId)}/comments`), { body });
  }
}
