import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { LawHeading as LawHeadingNode } from '@laglig/contracts';
import { ValidityBadge } from './validity-badge';

/** A rubrik between sections, at the heading level its place in the statute calls for. */
@Component({
  selector: 'lg-law-heading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ValidityBadge],
  template: `
    @let h = heading();
    @switch (level()) {
      @case (2) { <h2 class="rubrik" [id]="h.anchor">{{ h.text }}</h2> }
      @case (3) { <h3 class="rubrik" [id]="h.anchor">{{ h.text }}</h3> }
      @case (4) { <h4 class="rubrik" [id]="h.anchor">{{ h.text }}</h4> }
      @default { <h5 class="rubrik" [id]="h.anchor">{{ h.text }}</h5> }
    }
    @if (h.validity) {
      <p class="validity-line"><lg-validity-badge [validity]="h.validity" /></p>
    }
  `,
})
export class LawHeading {
  readonly heading = input.required<LawHeadingNode>();
  readonly level = input(3);
}
