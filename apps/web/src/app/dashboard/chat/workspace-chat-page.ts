import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { ChatScope, ConversationSummary } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { Session } from '../../account/session';
import type { ChatScopeChoice } from '../../chat/chat-client';
import { type ChatConversationEvent, ChatPanel, type ChatPanelRequest } from '../../chat/chat-panel';
import type { ChatFailure, ChatState } from '../../chat/chat-state';
import { ChatTurnAnswer } from '../../chat/chat-turn-answer';
import { PageMeta } from '../../core/page-meta';
import { formatDateTime } from '../activity/activity-format';
import { WorkspaceContext } from '../shared/workspace-context';
import {
  type ChatTurn,
  type ConversationListState,
  EMPTY_CONVERSATION_LIST,
  removeConversation,
  summaryFromEvent,
  turnFromAnswer,
  turnsFromMessages,
  upsertConversation,
  withPage,
} from './conversation-list';
import { ConversationsApi } from './conversations-api';

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/app/:ws/fraga?konversation=` — "Fråga lagen" in a workspace, signed in:
 * the answer is built from the laws on the workspace's law lists ("Bara
 * lagarna i våra laglistor", the default) or from every law; questions and
 * answers are kept as conversations ("Tidigare frågor") the user can open,
 * continue and delete. The open conversation is in the URL. The form and the
 * live answer are the shared `ChatPanel` (answer above the form); this page
 * adds the scope choice, the scope sentence, the thread, the list and the
 * signed-in request (workspace, scope, conversation, token).
 */
@Component({
  selector: 'lg-workspace-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ChatPanel, ChatTurnAnswer],
  templateUrl: './workspace-chat-page.html',
  styleUrl: './workspace-chat-page.css',
})
export class WorkspaceChatPage {
  protected readonly context = inject(WorkspaceContext);

  /* ---------------------------------------------------------- the list */
  protected readonly list = signal<ConversationListState>(EMPTY_CONVERSATION_LIST);
  protected readonly listLoading = signal(false);
  protected readonly listError = signal('');
  /** Said politely after a deletion (or a failed one). */
  protected readonly listMessage = signal('');
  protected readonly deleting = signal<string | null>(null);

  /* ---------------------------------------------------------- the conversation */
  /** The open conversation; null for a new one (until the first answer creates it). */
  protected readonly conversationId = signal<string | null>(null);
  protected readonly conversationTitle = signal('');
  /** Earlier questions of the open conversation (the current one is the panel's). */
  protected readonly turns = signal<ChatTurn[]>([]);
  protected readonly threadLoading = signal(false);
  protected readonly threadError = signal('');

  /* ---------------------------------------------------------- the question */
  protected readonly scope = signal<ChatScopeChoice>('list');
  /** The `scope` event of the current question. */
  protected readonly answeredScope = signal<ChatScope | null>(null);
  /** The workspace the current question was asked in. */
  private askedIn = '';

  private readonly api = inject(ConversationsApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);
  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  private readonly chat = viewChild(ChatPanel);
  private readonly threadHeading = viewChild<ElementRef<HTMLElement>>('threadHeading');
  private readonly listHeading = viewChild<ElementRef<HTMLElement>>('listHeading');
  private listSeq = 0;
  private threadSeq = 0;
  private turnSeq = 0;
  private firstOpen = true;

  /** The conversation named in the URL (`?konversation=`), if it is a well-formed id. */
  private readonly requested = computed(() => {
    const id = this.query().get('konversation');
    return id && UUID.test(id) ? id.toLowerCase() : null;
  });

  protected readonly threadTitle = computed(() => (this.conversationId() ? this.conversationTitle() || 'Konversation' : 'Ny konversation'));

  protected readonly items = computed(() =>
    this.list().items.map((c) => ({ id: c.id, title: c.title || 'Fråga utan rubrik', when: formatDateTime(c.updatedAt), updatedAt: c.updatedAt })),
  );

  /** The sentence about which laws the current answer is built from. */
  protected readonly scopeText = computed(() => {
    const s = this.answeredScope();
    if (!s || s.notice) return '';
    return s.scope === 'list'
      ? `Svaret bygger bara på ${s.laws === 1 ? 'den lag' : `de ${s.laws} lagar`} som finns i arbetsytans laglistor.`
      : 'Svaret bygger på alla lagar.';
  });

  constructor() {
    inject(PageMeta).set({ title: 'Fråga lagen', noindex: true });
    afterNextRender(() => void this.loadList(true));
    effect(() => {
      const id = this.requested();
      untracked(() => this.openFromUrl(id));
    });
  }

  /* ------------------------------------------------------------ list */

  protected async loadList(reset: boolean): Promise<void> {
    const ws = this.context.id();
    if (!ws) return;
    const seq = ++this.listSeq;
    this.listLoading.set(true);
    try {
      const page = await this.api.list(ws, reset ? null : this.list().nextCursor, PAGE_SIZE);
      if (seq !== this.listSeq) return;
      this.list.update((s) => withPage(s, page, reset ? 'replace' : 'append'));
      this.listError.set('');
    } catch (error) {
      if (seq === this.listSeq) this.listError.set(problemText(toProblem(error)));
    } finally {
      if (seq === this.listSeq) this.listLoading.set(false);
    }
  }

  protected async remove(item: { id: string; title: string }): Promise<void> {
    if (this.deleting()) return;
    if (!globalThis.confirm?.(`Radera ”${item.title}”? Frågorna och svaren i konversationen tas bort.`)) return;
    this.deleting.set(item.id);
    this.listMessage.set('');
    try {
      await this.api.delete(item.id);
      this.afterDelete(item, `”${item.title}” är raderad.`);
    } catch (error) {
      const problem = toProblem(error);
      // Already gone (deleted in another tab): the same outcome.
      if (problem.status === 404) this.afterDelete(item, `”${item.title}” är raderad.`);
      else this.listMessage.set(`Det gick inte att radera ”${item.title}”. ${problemText(problem)}`);
    } finally {
      this.deleting.set(null);
    }
  }

  private afterDelete(item: { id: string }, message: string): void {
    // A newer load must not bring the deleted conversation back.
    this.listSeq++;
    this.listLoading.set(false);
    this.list.update((s) => removeConversation(s, item.id));
    this.listMessage.set(message);
    if (this.conversationId() === item.id) {
      // The open one: an empty conversation takes its place (focus goes to the question field).
      this.chat()?.cancel();
      this.newConversation();
    } else {
      afterNextRender(() => this.listHeading()?.nativeElement.focus(), { injector: this.injector });
    }
  }

  /* ------------------------------------------------------------ conversation */

  /** "Ny fråga": an empty conversation (the next question starts a new one). */
  protected newConversation(): void {
    if (this.requested() === null) {
      this.openFromUrl(null, true);
      return;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams: { konversation: null }, queryParamsHandling: 'merge' });
  }

  private openFromUrl(id: string | null, force = false): void {
    const first = this.firstOpen;
    this.firstOpen = false;
    // The URL was set to the conversation this page just created (or is showing).
    if (!force && id === this.conversationId() && !first) return;
    // The panel is there from the first render on (the first call comes before it, with nothing to drop).
    this.chat()?.reset();
    this.answeredScope.set(null);
    this.threadError.set('');
    this.turns.set([]);
    this.conversationId.set(id);
    this.conversationTitle.set(id ? (this.list().items.find((c) => c.id === id)?.title ?? '') : '');
    const seq = ++this.threadSeq;
    if (id) void this.loadThread(id, seq);
    else this.threadLoading.set(false);
    // Opened by the user (not the page's first render): the heading of what is now shown.
    if (!first) {
      afterNextRender(
        () => {
          const heading = id ? this.threadHeading() : undefined;
          if (heading) heading.nativeElement.focus();
          else this.chat()?.focusQuestion();
        },
        { injector: this.injector },
      );
    }
  }

  private async loadThread(id: string, seq: number): Promise<void> {
    this.threadLoading.set(true);
    try {
      const conversation = await this.api.get(id);
      if (seq !== this.threadSeq) return;
      if (conversation.workspaceId && conversation.workspaceId !== this.context.id()) {
        this.threadError.set('Konversationen hör till en annan arbetsyta.');
        this.conversationId.set(null);
        return;
      }
      this.conversationTitle.set(conversation.title);
      this.turns.set(turnsFromMessages(conversation.messages));
    } catch (error) {
      if (seq !== this.threadSeq) return;
      const problem = toProblem(error);
      if (problem.status === 404) {
        this.threadError.set('Konversationen finns inte längre. Den kan ha raderats.');
        this.list.update((s) => removeConversation(s, id));
        this.conversationId.set(null);
      } else {
        this.threadError.set(problemText(problem));
      }
    } finally {
      if (seq === this.threadSeq) this.threadLoading.set(false);
    }
  }

  /* ------------------------------------------------------------ asking */

  protected setScope(value: ChatScopeChoice): void {
    this.scope.set(value);
  }

  /** The signed-in fields of the question being sent (read by the panel when it sends). */
  protected readonly request = (): ChatPanelRequest => {
    const core = this.session.core;
    const conversationId = this.conversationId();
    return {
      workspaceId: this.context.id(),
      scope: this.scope(),
      ...(conversationId ? { conversationId } : {}),
      auth: { token: () => core.tokenForRequest(), unauthorized: (used) => core.afterUnauthorized(used) },
    };
  };

  /** A question is sent: the previous answer joins the conversation above. */
  protected onAsking(event: { previous: ChatState }): void {
    const previous = event.previous;
    if (previous.phase === 'done') this.turns.update((t) => [...t, turnFromAnswer(`local-${++this.turnSeq}`, previous.question, previous.answer)]);
    this.answeredScope.set(null);
    this.askedIn = this.context.id();
  }

  protected onConversation(event: ChatConversationEvent): void {
    const ws = this.askedIn;
    const known = this.list().items.find((c) => c.id === event.conversationId);
    const summary: ConversationSummary = summaryFromEvent(event, ws, new Date().toISOString(), known);
    this.list.update((s) => upsertConversation(s, summary));
    const wasNew = this.conversationId() === null;
    this.conversationId.set(event.conversationId);
    if (!this.conversationTitle()) this.conversationTitle.set(summary.title);
    if (wasNew) {
      // The URL names the new conversation (a reload opens it); the page keeps streaming.
      void this.router.navigate([], {
        relativeTo: this.route,
        queryParams: { konversation: event.conversationId },
        queryParamsHandling: 'merge',
        replaceUrl: true,
      });
    }
  }

  protected onFailed(failure: ChatFailure): void {
    // The session is gone (the refresh was refused): to the login page, back here afterwards.
    if (failure.kind === 'unauthenticated') this.session.expired();
    // Asked in a conversation deleted meanwhile: the next question starts a new one.
    if (failure.kind === 'not-found' && this.conversationId()) {
      this.list.update((s) => removeConversation(s, this.conversationId() ?? ''));
    }
  }

  protected startOver(): void {
    this.newConversation();
  }
}
