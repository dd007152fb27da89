import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AnswerBody } from '../../chat/answer-body';
import { answerParagraphs, sitePath } from '../../chat/answer-text';
import type { ChatTurn } from './conversation-list';

/**
 * One answer of the workspace chat — stored or just streamed: the text with
 * its `[n]` markers as links to the cited sections, then the numbered sources
 * (links to the statute). A refusal, an answer outside the scope and a failed
 * question (`error`) are marked as such in text. Model text is never HTML.
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
          <p class="chat-refusal-note">Lagtexten gav inte tillräckligt stöd för ett säkert svar. Formulera gärna om frågan.</p>
        }
      </div>
      @if (t.sources.length) {
        <h4 class="chat-sources-heading" [id]="idPrefix() + '-kallor'">Källor</h4>
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
  readonly turn = input.required<ChatTurn>();
  /** Prefix of the ids inside (unique per turn on the page). */
  readonly idPrefix = input.required<string>();

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
