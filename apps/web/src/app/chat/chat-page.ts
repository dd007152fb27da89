import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { API_BASE_URL } from '../core/api-base-url';
import { PageMeta } from '../core/page-meta';
import { AnswerBody } from './answer-body';
import { answerParagraphs, answerPlainText, sitePath } from './answer-text';
import { askChat } from './chat-client';
import { type ChatAction, type ChatState, INITIAL_CHAT_STATE, MAX_QUESTION, MIN_QUESTION, chatReducer, isBusy } from './chat-state';

export { MAX_QUESTION, MIN_QUESTION } from './chat-state';

/**
 * `/fraga` — "Fråga lagen": a question answered from the statutes, streamed
 * from `POST /api/v1/chat` with its sources. The server renders the empty form;
 * questions are only asked from the browser.
 */
@Component({
  selector: 'lg-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, AnswerBody],
  templateUrl: './chat-page.html',
})
export class ChatPage {
  protected readonly maxLength = MAX_QUESTION;
  protected readonly state = signal<ChatState>(INITIAL_CHAT_STATE);
  protected readonly busy = computed(() => isBusy(this.state()));
  protected readonly formError = signal('');
  protected readonly copyStatus = signal<'idle' | 'copied' | 'failed'>('idle');

  private readonly baseUrl = inject(API_BASE_URL);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly questionInput = viewChild.required<ElementRef<HTMLTextAreaElement>>('questionInput');
  private readonly cancelButton = viewChild<ElementRef<HTMLButtonElement>>('cancelButton');
  private readonly answerHeading = viewChild<ElementRef<HTMLElement>>('answerHeading');
  private controller: AbortController | null = null;
  private copyTimer: ReturnType<typeof setTimeout> | null = null;

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
          paragraphs: answerParagraphs(a.answer, a.citations),
          sources: a.citations.map((c) => ({ n: c.n, heading: [c.title, c.label].filter(Boolean).join(' '), excerpt: c.excerpt, ...linkOf(c.url) })),
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
    inject(PageMeta).set({
      title: 'Fråga lagen',
      description: 'Ställ en fråga om svensk lag och få ett svar som hänvisar till de paragrafer det bygger på.',
      canonicalPath: '/fraga',
    });
    inject(DestroyRef).onDestroy(() => {
      this.controller?.abort();
      if (this.copyTimer) clearTimeout(this.copyTimer);
    });
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

  protected cancel(): void {
    this.controller?.abort();
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
    if (this.busy()) return;
    const input = this.questionInput().nativeElement;
    const question = input.value.trim();
    if (question.length < MIN_QUESTION) {
      this.formError.set(`Skriv en fråga på minst ${MIN_QUESTION} tecken.`);
      input.focus();
      return;
    }
    if (question.length > MAX_QUESTION) {
      this.formError.set(`Frågan får vara högst ${MAX_QUESTION} tecken lång.`);
      input.focus();
      return;
    }
    this.formError.set('');
    this.copyStatus.set('idle');

    const controller = new AbortController();
    this.controller = controller;
    // Only the current question may change the page: a late event of an aborted one is dropped.
    const dispatch = (action: ChatAction): void => {
      if (this.controller !== controller) return;
      const before = this.state().phase;
      this.state.update((s) => chatReducer(s, action));
      this.afterTransition(before, this.state().phase);
    };
    dispatch({ type: 'start', question });
    // The textarea and "Fråga" are disabled now: keep the keyboard focus on a control ("Avbryt").
    afterNextRender(() => this.cancelButton()?.nativeElement.focus(), { injector: this.injector });
    void askChat({ baseUrl: this.baseUrl, question, signal: controller.signal, dispatch }).finally(() => {
      if (this.controller === controller) this.controller = null;
    });
  }

  private afterTransition(before: ChatState['phase'], after: ChatState['phase']): void {
    if (before === after) return;
    if (after === 'done' || after === 'failed') {
      afterNextRender(() => this.answerHeading()?.nativeElement.focus(), { injector: this.injector });
    } else if (after === 'aborted') {
      afterNextRender(() => this.questionInput().nativeElement.focus(), { injector: this.injector });
    }
  }
}

function linkOf(url: string): { path: string | null; fragment: string | undefined } {
  const target = sitePath(url);
  return target ? { path: target.path, fragment: target.fragment } : { path: null, fragment: undefined };
}
