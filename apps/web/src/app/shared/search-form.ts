import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { Router } from '@angular/router';

/**
 * Search box. A plain GET form to /sok, so it works before (and without)
 * JavaScript; once the app runs, submitting navigates client-side.
 */
@Component({
  selector: 'lg-search-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="search-form" [class.search-form-compact]="compact()" role="search" action="/sok" method="get" (submit)="submit($event, q.value)">
      <label class="search-label" [class.visually-hidden]="compact()" [for]="inputId()">Sök i lagtext</label>
      <div class="search-row">
        <input
          #q
          class="search-input"
          type="search"
          name="q"
          [id]="inputId()"
          [value]="query()"
          maxlength="300"
          required
          autocomplete="off"
          enterkeyhint="search"
          [attr.placeholder]="compact() ? 'Sök lag, ord eller 1977:1160 3 kap. 2 a §' : 'Till exempel semester, arbetsmiljö eller 1977:1160 3 kap. 2 a §'"
        />
        <button class="search-button" type="submit">Sök</button>
      </div>
    </form>
  `,
})
export class SearchForm {
  readonly query = input('');
  readonly inputId = input('sok-fraga');
  readonly compact = input(false);

  private readonly router = inject(Router);

  protected submit(event: Event, value: string): void {
    event.preventDefault();
    const q = value.trim();
    if (q) void this.router.navigate(['/sok'], { queryParams: { q } });
  }
}
