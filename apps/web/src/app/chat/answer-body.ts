import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AnswerSegment } from './answer-text';

/**
 * Answer paragraphs as text bindings and router links: `[n]` markers link to
 * the cited section with an accessible name ("Källa 1: Semesterlag (1977:480) 4 §").
 * Model text is never HTML.
 */
@Component({
  selector: 'lg-answer-body',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @for (p of paragraphs(); track $index) {
      <p>@for (seg of p; track $index) {@if (seg.kind === 'cite') {<a class="chat-cite" [routerLink]="seg.path" [fragment]="seg.fragment" [attr.aria-label]="seg.label" [attr.title]="seg.label">{{ seg.text }}</a>} @else {<span>{{ seg.text }}</span>}}</p>
    }
  `,
})
export class AnswerBody {
  readonly paragraphs = input.required<AnswerSegment[][]>();
}
