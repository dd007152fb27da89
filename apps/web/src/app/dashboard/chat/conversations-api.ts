import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Conversation, ConversationSummary } from '@laglig/contracts';
import { firstValueFrom } from 'rxjs';
import { toProblem } from '../../account/api-problem';
import { API_BASE_URL } from '../../core/api-base-url';

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/**
 * The signed-in user's chat history (`/api/v1/conversations`). HttpClient, so
 * the auth interceptor adds the token and retries a 401 once after a refresh.
 * Rejects with an ApiProblem.
 */
@Injectable({ providedIn: 'root' })
export class ConversationsApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  private url(path: string): string {
    return `${this.base}/api/v1/conversations${path}`;
  }

  private async call<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw toProblem(error);
    }
  }

  /** The user's conversations in the workspace, newest first. */
  list(workspaceId: string, cursor: string | null, limit = 20): Promise<ConversationPage> {
    const params: Record<string, string> = { workspaceId, limit: String(limit) };
    if (cursor) params['cursor'] = cursor;
    return this.call(firstValueFrom(this.http.get<ConversationPage>(this.url(''), { params })));
  }

  get(id: string): Promise<Conversation> {
    return this.call(firstValueFrom(this.http.get<Conversation>(this.url(`/${encodeURIComponent(id)}`))));
  }

  delete(id: string): Promise<{ deleted: true }> {
    return this.call(firstValueFrom(this.http.delete<{ deleted: true }>(this.url(`/${encodeURIComponent(id)}`))));
  }
}
