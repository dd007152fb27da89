import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Citation, ConversationMessageStatus } from '@laglig/contracts';
import { AnswerBody } from './answer-body';
import { answerParagraphs, sitePath } from './answer-text';

/** An answer as the chat pages show it: just streamed (`done`) or stored in a conversation. */
export interface ShownAnswer {
  /** `error`: no answer was given (the text is the error message); null: no answer was stored. */
  status: ConversationMessageStatus | null;
  text: string;
  citations: Citation[];
}

/**
 * One final answer of the chat — just streamed or stored: the text with its
 * `[n]` markers as links to the cited sections, then the numbered sources
 * ("Källor", links to the statute). A refusal, an answer outside the scope and
 * a failed question (`error`) are marked as such in text. Model text is never
 * HTML. Used for the live answer of both chat pages (`ChatPanel`) and for the
 * earlier turns of a workspace conversation.
 */
@Component({
  selector: 'lg-chat-turn-answer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, AnswerBody],
  template: `
    @let t = view();
    @if (t.status === null) {
      <p class="hint chat-turn-missing">Inget svar sparades för den här frågan.</p>
    } @else if (t.status === 'error') {
      <p class="notice chat-turn-error">{{ t.text || 'Frågan fick inget svar.' }}</p>
    } @else {
      <div class="chat-text chat-final" [class.chat-refusal]="t.status !== 'answered'" [attr.data-status]="t.status">
        <lg-answer-body [paragraphs]="t.paragraphs" />
        @if (t.status === 'out_of_scope') {
          <p class="chat-refusal-note">Laglig svarar bara på frågor om vad svensk lagtext säger, inte på frågor om enskilda fall eller andra ämnen.</p>
        } @else if (t.status === 'refused') {
          @if (searchQuery(); as q) {
            <p class="chat-refusal-note">
              Lagtexten gav inte tillräckligt stöd för ett säkert svar. Formulera gärna om frågan, eller
              <a routerLink="/sok" [queryParams]="{ q: q }">sök i lagtexten</a>.
            </p>
          } @else {
            <p class="chat-refusal-note">Lagtexten gav inte tillräckligt stöd för ett säkert svar. Formulera gärna om frågan.</p>
          }
        }
      </div>
      @if (t.sources.length) {
        @if (sourcesLevel() === 3) {
          <h3 class="chat-sources-heading" [id]="idPrefix() + '-kallor'">Källor</h3>
        } @else {
          <h4 class="chat-sources-heading" [id]="idPrefix() + '-kallor'">Källor</h4>
        }
        <ol class="chat-sources" [attr.aria-labelledby]="idPrefix() + '-kallor'">
          @for (src of t.sources; track src.n) {
            <li class="chat-source" [attr.value]="src.n" [attr.data-sfs]="src.sfs">
              @if (src.path) {
                <a class="chat-source-link" [routerLink]="src.path" [fragment]="src.fragment">{{ src.heading }}</a>
              } @else {
                <span class="chat-source-link">{{ src.heading }}</span>
              }
              @if (src.excerpt) {
                <blockquote class="chat-excerpt">{{ src.excerpt }}</blockquote>
              }
            </li>
          }
        </ol>
      }
    }
  `,
})
export class ChatTurnAnswer {
  readonly turn = input.required<ShownAnswer>();
  /** Prefix of the ids inside (unique per answer on the page). */
  readonly idPrefix = input.required<string>();
  /** Heading level of "Källor": one below the heading the answer sits under. */
  readonly sourcesLevel = input<3 | 4>(4);
  /** The question to search the statutes for: a refusal then links to `/sok?q=`. */
  readonly searchQuery = input<string | null>(null);

  protected readonly view = computed(() => {
    const t = this.turn();
    return {
      status: t.status,
      text: t.text,
      paragraphs: answerParagraphs(t.text, t.citations),
      sources: t.citations.map((c) => {
        const target = sitePath(c.url);
        return {
          n: c.n,
          sfs: c.sfs,
          heading: [c.title, c.label].filter(Boolean).join(' '),
          excerpt: c.excerpt,
          path: target?.path ?? null,
          fragment: target?.fragment,
        };
      }),
    };
  });
}
