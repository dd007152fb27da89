import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LawSection as LawSectionNode } from '@laglig/contracts';
import { punktLabel, sectionLabel, styckeLead } from '../law-format';
import { ValidityBadge } from './validity-badge';

/**
 * One paragraf: its number as a permalink, stycken and punkter each with their
 * anchor id, the amendment note, and markers for wording not yet in force,
 * expiring wording and repealed sections.
 */
@Component({
  selector: 'lg-law-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ValidityBadge],
  templateUrl: './law-section.html',
})
export class LawSection {
  readonly section = input.required<LawSectionNode>();
  /** Path of the statute page, for permalinks ("/lagar/1977:1160"). */
  readonly path = input.required<string>();
  /** "Lag" or "Förordning" for the amendment note. */
  readonly noteWord = input('Lag');

  protected readonly label = computed(() => sectionLabel(this.section()));
  protected readonly stycken = computed(() =>
    this.section().stycken.map((stycke) => ({
      anchor: stycke.anchor,
      lead: styckeLead(stycke),
      punkter: stycke.punkter.map((p) => ({ anchor: p.anchor, label: punktLabel(p.label), text: p.text })),
    })),
  );
  protected readonly note = computed(() => {
    const by = this.section().amendedBy;
    return by ? `${this.noteWord()} (${by}).` : null;
  });
}
