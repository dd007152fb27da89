import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  Injector,
  type TemplateRef,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { ChatScope } from '@laglig/contracts';
import { API_BASE_URL } from '../core/api-base-url';
import { AnswerBody } from './answer-body';
import { answerParagraphs, answerPlainText } from './answer-text';
import { type AskChatOptions, askChat } from './chat-client';
import {
  type ChatAction,
  type ChatFailure,
  type ChatState,
  INITIAL_CHAT_STATE,
  MAX_QUESTION,
  canRetry,
  chatReducer,
  isBusy,
  questionProblem,
} from './chat-state';
import { ChatTurnAnswer } from './chat-turn-answer';

/** What a page adds to the request: signed in, the workspace, its scope, the conversation and the token. */
export type ChatPanelRequest = Pick<AskChatOptions, 'workspaceId' | 'scope' | 'conversationId' | 'auth'>;

/** The stream's `conversation` event (signed in): where the exchange is stored. */
export interface ChatConversationEvent {
  conversationId: string;
  title: string;
  created: boolean;
}

/**
 * "Fråga lagen" itself, shared by the public `/fraga` and the workspace chat:
 * the question form (Enter asks, Shift+Enter is a new line, length checked
 * before sending, "Avbryt" while a question runs), the disclaimer and the live
 * answer area (`aria-live`, `data-state`/`data-status` hooks) that shows the
 * streamed draft, the final answer with its sources and "Kopiera svar", or the
 * failure with "Försök igen". It owns the state machine and the request; the
 * page adds what differs: the request's signed-in fields (`request`), fields
 * projected into the form, a note under the question (`answerNote`), more
 * failure actions (`failureActions`) and the events it needs (`asking`,
 * `scope`, `conversation`, `failed`). Questions are only asked from the
 * browser; the server renders the empty form.
 */
@Component({
  selector: 'lg-chat-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, AnswerBody, ChatTurnAnswer],
  templateUrl: './chat-panel.html',
  styles: ':host { display: block; }',
})
export class ChatPanel {
  /** Ids of the form: `<prefix>-text` (the question), `<prefix>-hjalp`, `<prefix>-fel`. */
  readonly idPrefix = input.required<string>();
  readonly label = input('Din fråga');
  readonly placeholder = input.required<string>();
  /** `answer-first` puts the answer above the form (a conversation read top-down). */
  readonly layout = input<'form-first' | 'answer-first'>('form-first');
  /** Level of the "Svar" heading ("Källor" is one below). */
  readonly headingLevel = input<2 | 3>(2);
  /** More classes of the answer area (a page's test and style hook). */
  readonly answerClass = input('');
  /** Whose case the disclaimer speaks of: a person's ("ditt") or an organisation's ("ert"). */
  readonly audience = input<'person' | 'organisation'>('person');
  /** Clear the field once a question is sent (a conversation); it comes back if the question is cancelled. */
  readonly clearOnAsk = input(false);
  /** The page is not ready for a question (e.g. a conversation is loading): "Fråga" is disabled. */
  readonly blocked = input(false);
  /** Read when a question is sent: the signed-in fields of the request (none: anonymous). */
  readonly request = input<() => ChatPanelRequest>(() => ({}));
  /** Shown under "Din fråga: …" of the current question. */
  readonly answerNote = input<TemplateRef<unknown> | null>(null);
  /** Shown for a failure before the panel's own "Försök igen" (for the kinds `canRetry` leaves to the page). */
  readonly failureActions = input<TemplateRef<{ $implicit: ChatFailure }> | null>(null);

  /** A question passed the form's checks and is about to be sent; `previous` is the state it replaces. */
  readonly asking = output<{ question: string; previous: ChatState }>();
  /** The current question's `scope` event: which laws the answer is built from. */
  readonly scope = output<ChatScope>();
  /** The current question's `conversation` event. */
  readonly conversation = output<ChatConversationEvent>();
  /** The current question failed. */
  readonly failed = output<ChatFailure>();

  protected readonly maxLength = MAX_QUESTION;
  private readonly stateSignal = signal<ChatState>(INITIAL_CHAT_STATE);
  readonly state = this.stateSignal.asReadonly();
  /** A question is under way: the form is disabled and "Avbryt" is shown. */
  readonly busy = computed(() => isBusy(this.state()));
  protected readonly formError = signal('');
  protected readonly copyStatus = signal<'idle' | 'copied' | 'failed'>('idle');
  protected readonly canRetry = canRetry;

  private readonly baseUrl = inject(API_BASE_URL);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly questionInput = viewChild.required<ElementRef<HTMLTextAreaElement>>('questionInput');
  private readonly cancelButton = viewChild<ElementRef<HTMLButtonElement>>('cancelButton');
  private readonly answerHeading = viewChild<ElementRef<HTMLElement>>('answerHeading');
  private controller: AbortController | null = null;
  private copyTimer: ReturnType<typeof setTimeout> | null = null;

  protected readonly ids = computed(() => {
    const p = this.idPrefix();
    return { input: `${p}-text`, help: `${p}-hjalp`, error: `${p}-fel` };
  });

  /** `answered` / `refused` / `out_of_scope` once done (a hook for styling and tests). */
  protected readonly doneStatus = computed(() => {
    const s = this.state();
    return s.phase === 'done' ? s.answer.status : null;
  });

  /** What the answer area shows, derived from the state machine. */
  protected readonly view = computed(() => {
    const s = this.state();
    switch (s.phase) {
      case 'idle':
        return null;
      case 'waiting':
        return { phase: s.phase, question: s.question };
      case 'streaming':
        return { phase: s.phase, question: s.question, paragraphs: answerParagraphs(s.draft, s.citations) };
      case 'done': {
        const a = s.answer;
        return {
          phase: s.phase,
          question: s.question,
          status: a.status,
          answer: { status: a.status, text: a.answer, citations: a.citations },
          searchQuery: s.question.slice(0, 300),
        };
      }
      case 'failed':
        return { phase: s.phase, question: s.question, failure: s.failure };
      case 'aborted':
        return { phase: s.phase, question: s.question };
    }
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.controller?.abort();
      if (this.copyTimer) clearTimeout(this.copyTimer);
    });
  }

  /** Stops the current question, if any ("Avbryt"). */
  cancel(): void {
    this.controller?.abort();
  }

  /** Back to the empty form: the current question is dropped (its late events too). */
  reset(): void {
    this.controller?.abort();
    this.controller = null;
    this.stateSignal.set(INITIAL_CHAT_STATE);
    this.formError.set('');
    this.copyStatus.set('idle');
  }

  focusQuestion(): void {
    this.questionInput().nativeElement.focus();
  }

  protected onSubmit(event: Event): void {
    event.preventDefault();
    this.ask();
  }

  /** Enter asks, Shift+Enter is a new line (and Enter while composing text with an IME is left alone). */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.ask();
  }

  protected retry(): void {
    const s = this.state();
    if (s.phase === 'idle' || isBusy(s)) return;
    this.questionInput().nativeElement.value = s.question;
    this.ask();
  }

  protected async copy(): Promise<void> {
    const s = this.state();
    if (s.phase !== 'done') return;
    const text = answerPlainText(s.answer.answer, s.answer.citations, this.document.location?.origin ?? '');
    try {
      await navigator.clipboard.writeText(text);
      this.copyStatus.set('copied');
    } catch {
      this.copyStatus.set('failed');
    }
    if (this.copyTimer) clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => this.copyStatus.set('idle'), 4000);
  }

  private ask(): void {
    if (this.busy() || this.blocked()) return;
    const input = this.questionInput().nativeElement;
    const question = input.value.trim();
    const problem = questionProblem(question);
    if (problem) {
      this.formError.set(problem);
      input.focus();
      return;
    }
    this.formError.set('');
    this.copyStatus.set('idle');
    this.asking.emit({ question, previous: this.state() });

    const controller = new AbortController();
    this.controller = controller;
    // Only the current question may change the page: a late event of an aborted one is dropped.
    const dispatch = (action: ChatAction): void => {
      if (this.controller !== controller) return;
      if (action.type === 'scope') this.scope.emit(action.scope);
      else if (action.type === 'conversation') this.conversation.emit({ conversationId: action.conversationId, title: action.title, created: action.created });
      const before = this.state().phase;
      this.stateSignal.update((s) => chatReducer(s, action));
      this.afterTransition(before, this.state());
    };
    const extra = this.request()();
    dispatch({ type: 'start', question });
    if (this.clearOnAsk()) input.value = '';
    // The textarea and "Fråga" are disabled now: keep the keyboard focus on a control ("Avbryt").
    afterNextRender(() => this.cancelButton()?.nativeElement.focus(), { injector: this.injector });
    void askChat({ ...extra, baseUrl: this.baseUrl, question, signal: controller.signal, dispatch }).finally(() => {
      if (this.controller === controller) this.controller = null;
    });
  }

  private afterTransition(before: ChatState['phase'], after: ChatState): void {
    if (before === after.phase) return;
    if (after.phase === 'done' || after.phase === 'failed') {
      afterNextRender(() => this.answerHeading()?.nativeElement.focus(), { injector: this.injector });
    } else if (after.phase === 'aborted') {
      // Back to the field, with the cancelled question in it (a cleared field gets it back).
      const question = after.question;
      afterNextRender(
        () => {
          const input = this.questionInput().nativeElement;
          if (!input.value) input.value = question;
          input.focus();
        },
        { injector: this.injector },
      );
    }
    if (after.phase === 'failed') this.failed.emit(after.failure);
  }
}
