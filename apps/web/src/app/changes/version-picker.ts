import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LawVersion } from '@laglig/contracts';
import { comparePath, versionLabel } from './change-format';

/**
 * "Tidsmaskin": pick any two versions of a statute and compare them. A plain
 * GET form to `/lagar/:sfs/jamfor?fran=&till=`, so it works without JavaScript.
 */
@Component({
  selector: 'lg-version-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="version-picker" method="get" [attr.action]="action()" [attr.aria-labelledby]="headingId()">
      <div class="version-picker-fields">
        <div class="picker-field">
          <label for="jamfor-fran">Från version</label>
          <select id="jamfor-fran" name="fran">
            @for (v of options(); track v.id) {
              <option [value]="v.id" [selected]="v.id === fromId()">{{ v.label }}</option>
            }
          </select>
        </div>
        <div class="picker-field">
          <label for="jamfor-till">Till version</label>
          <select id="jamfor-till" name="till">
            @for (v of options(); track v.id) {
              <option [value]="v.id" [selected]="v.id === toId()">{{ v.label }}</option>
            }
          </select>
        </div>
        <button class="search-button" type="submit">Jämför</button>
      </div>
    </form>
  `,
})
export class VersionPicker {
  readonly sfs = input.required<string>();
  /** Newest first (as laws.versions returns them). */
  readonly versions = input.required<readonly LawVersion[]>();
  readonly from = input<string | null>(null);
  readonly to = input<string | null>(null);
  /** id of the heading that names the form. */
  readonly headingId = input('tidsmaskin-rubrik');

  protected readonly action = computed(() => comparePath(this.sfs()));
  protected readonly options = computed(() => this.versions().map((v) => ({ id: v.id, label: versionLabel(v) })));
  /** Default: the version before the current one → the current one. */
  protected readonly fromId = computed(() => this.from() ?? this.versions()[1]?.id ?? this.versions()[0]?.id ?? null);
  protected readonly toId = computed(() => this.to() ?? this.versions()[0]?.id ?? null);
}
