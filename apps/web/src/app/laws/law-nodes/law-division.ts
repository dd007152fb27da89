import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LawDivision as LawDivisionNode } from '@laglig/contracts';
import { divisionLabel } from '../law-format';
import { LawChapter } from './law-chapter';
import { LawHeading } from './law-heading';
import { LawSection } from './law-section';

/** An avdelning of a balk: its heading, then chapters (or rubriker and paragrafer). */
@Component({
  selector: 'lg-law-division',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LawChapter, LawHeading, LawSection],
  template: `
    @let d = division();
    <section class="avdelning" [id]="d.anchor">
      <h2 class="avdelning-rubrik">
        <a class="anchor-link" [href]="path() + '#' + d.anchor">{{ label() }}</a>
        @if (d.title) {
          <span class="avdelning-titel">{{ d.title }}</span>
        }
      </h2>
      @for (node of d.children; track node.anchor) {
        @switch (node.type) {
          @case ('kapitel') {
            <lg-law-chapter [chapter]="node" [path]="path()" [noteWord]="noteWord()" [level]="3" />
          }
          @case ('rubrik') {
            <lg-law-heading [heading]="node" [level]="3" />
          }
          @case ('paragraf') {
            <lg-law-section [section]="node" [path]="path()" [noteWord]="noteWord()" />
          }
        }
      }
    </section>
  `,
})
export class LawDivision {
  readonly division = input.required<LawDivisionNode>();
  readonly path = input.required<string>();
  readonly noteWord = input('Lag');
  protected readonly label = computed(() => divisionLabel(this.division()));
}
