import { ViewportScroller } from '@angular/common';
import { ChangeDetectionStrategy, Component, afterNextRender, computed, inject, input } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import type { Amendment, LawStructure } from '@laglig/contracts';
import { lawPath } from '../../core/sfs-path';
import { buildToc, formatDate, lawKind, sortAmendments, textParagraphs } from '../law-format';
import { LawChapter } from '../law-nodes/law-chapter';
import { LawDivision } from '../law-nodes/law-division';
import { LawHeading } from '../law-nodes/law-heading';
import { LawSection } from '../law-nodes/law-section';
import { TocList } from './toc-list';

/**
 * The statute text with its table of contents, transitional provisions and
 * amendment register. Rendered on the server inside a `hydrate never` block,
 * so in the browser it stays plain HTML (no hydration cost for thousands of
 * nodes); after a client-side navigation it renders normally.
 */
@Component({
  selector: 'lg-law-content',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TocList, LawChapter, LawDivision, LawHeading, LawSection],
  templateUrl: './law-content.html',
})
export class LawContent {
  readonly sfs = input.required<string>();
  readonly title = input.required<string>();
  readonly structure = input.required<LawStructure | null>();
  readonly amendments = input<readonly Amendment[] | null>(null);

  protected readonly path = computed(() => lawPath(this.sfs()));
  protected readonly noteWord = computed(() => (lawKind(this.title()) === 'förordning' ? 'Förordning' : 'Lag'));
  protected readonly toc = computed(() => {
    const s = this.structure();
    return s ? buildToc(s) : [];
  });
  protected readonly preamble = computed(() => textParagraphs(this.structure()?.preamble ?? ''));
  protected readonly transitional = computed(() =>
    (this.structure()?.transitional ?? []).map((t) => ({ anchor: t.anchor, sfs: t.sfs, paragraphs: textParagraphs(t.text) })),
  );
  protected readonly register = computed(() =>
    sortAmendments(this.amendments() ?? []).map((a) => ({ ...a, inForce: formatDate(a.inForce) })),
  );

  constructor() {
    // Rendered in the browser only after a client-side navigation, later than the
    // router's anchor scrolling: scroll to the requested section once it exists.
    const route = inject(ActivatedRoute);
    const scroller = inject(ViewportScroller);
    afterNextRender(() => {
      const fragment = route.snapshot.fragment;
      if (fragment) scroller.scrollToAnchor(fragment);
    });
  }
}
