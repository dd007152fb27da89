import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LawChapter as LawChapterNode } from '@laglig/contracts';
import { chapterLabel } from '../law-format';
import { LawHeading } from './law-heading';
import { LawSection } from './law-section';
import { ValidityBadge } from './validity-badge';

/** A kapitel: heading with permalink, then its rubriker and paragrafer. */
@Component({
  selector: 'lg-law-chapter',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LawHeading, LawSection, ValidityBadge],
  template: `
    @let c = chapter();
    <section class="kapitel" [id]="c.anchor" [class.is-future]="c.validity?.kind === 'future'">
      @if (level() === 2) {
        <h2 class="kapitel-rubrik"><a class="anchor-link" [href]="path() + '#' + c.anchor">{{ label() }}</a> {{ c.title }}</h2>
      } @else {
        <h3 class="kapitel-rubrik"><a class="anchor-link" [href]="path() + '#' + c.anchor">{{ label() }}</a> {{ c.title }}</h3>
      }
      @if (c.validity) {
        <p class="validity-line"><lg-validity-badge [validity]="c.validity" /></p>
      }
      @for (node of c.children; track node.anchor) {
        @if (node.type === 'paragraf') {
          <lg-law-section [section]="node" [path]="path()" [noteWord]="noteWord()" />
        } @else {
          <lg-law-heading [heading]="node" [level]="level() + 1" />
        }
      }
    </section>
  `,
})
export class LawChapter {
  readonly chapter = input.required<LawChapterNode>();
  readonly path = input.required<string>();
  readonly noteWord = input('Lag');
  /** 2 for a chapter at the top of the statute, 3 inside an avdelning. */
  readonly level = input(2);
  protected readonly label = computed(() => chapterLabel(this.chapter()));
}
