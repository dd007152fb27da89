import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SectionView } from './change-format';

/**
 * The changed sections of a statute: label (linked to the section on the law
 * page), kind, "Redaktionell ändring", the plain-language summary and the word
 * diff. Insertions are `<ins>`, deletions `<del>`: distinct by colour and by
 * underline/strike-through, and announced as "Tillagt:"/"Borttaget:" to
 * screen readers (visually hidden text; `ins`/`del` themselves are not read
 * out by most of them).
 */
@Component({
  selector: 'lg-law-diff',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="diff-sections">
      @for (s of sections(); track s.anchor + s.kind) {
        <li class="diff-section" [attr.data-kind]="s.kind" [attr.data-anchor]="s.anchor">
          <h3 class="diff-heading">
            @if (s.href) {
              <a [href]="s.href">{{ s.label }}</a>
            } @else {
              {{ s.label }}
            }
            <span [class]="'badge badge-change badge-change-' + s.kind">{{ s.kindLabel }}</span>
            @if (s.editorial) {
              <span class="badge badge-editorial">Redaktionell ändring</span>
            }
          </h3>
          @if (s.heading) {
            <p class="diff-section-title">{{ s.heading }}</p>
          }
          @if (s.previousAnchor) {
            <p class="muted">Tidigare beteckning: {{ s.previousAnchor }}</p>
          }
          @if (s.summary) {
            <p class="diff-summary">{{ s.summary }}</p>
          }
          @if (showText() && s.runs.length > 0) {
            <p class="visually-hidden">Ordvis jämförelse: {{ s.stats }}.</p>
            <div class="diff-text">@for (r of s.runs; track $index) {@switch (r.op) {@case ('insert') {<ins><span class="visually-hidden">[Tillagt: </span>{{ r.text }}<span class="visually-hidden">]</span></ins>} @case ('delete') {<del><span class="visually-hidden">[Borttaget: </span>{{ r.text }}<span class="visually-hidden">]</span></del>} @default {<span>{{ r.text }}</span>}}}</div>
          }
        </li>
      }
    </ol>
  `,
})
export class LawDiffView {
  readonly sections = input.required<readonly SectionView[]>();
  /** false: only labels and summaries (a change whose diff could not be loaded). */
  readonly showText = input(true);
}
