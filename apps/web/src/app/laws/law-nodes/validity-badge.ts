import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Validity, validityNote } from '../law-format';

/** "Träder i kraft 2025-07-01" / "Upphör att gälla …" marker for wording not (or no longer) in force. */
@Component({
  selector: 'lg-validity-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (note(); as n) {
      <span class="badge" [class.badge-future]="n.kind === 'future'" [class.badge-expiring]="n.kind === 'expiring'">{{ n.text }}</span>
    }
  `,
})
export class ValidityBadge {
  readonly validity = input<Validity | undefined>(null);
  protected readonly note = computed(() => validityNote(this.validity()));
}
