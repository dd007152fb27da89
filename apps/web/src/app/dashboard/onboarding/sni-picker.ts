import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, input, model, signal, viewChild } from '@angular/core';
import type { SniEntry } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { DashboardApi } from '../shared/dashboard-api';

/**
 * SNI codes with autocomplete (`GET /sni?q=`): an ARIA 1.2 combobox with a
 * listbox popup (arrow keys, Enter, Escape), and the chosen codes as a list
 * with remove buttons.
 */
@Component({
  selector: 'lg-sni-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './sni-picker.css',
  template: `
    <div class="field sni">
      <label [for]="inputId()">SNI-kod (bransch)</label>
      <div class="sni-box">
        <input
          #query
          [id]="inputId()"
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          [attr.aria-expanded]="open()"
          [attr.aria-controls]="listId()"
          [attr.aria-activedescendant]="activeId()"
          [attr.aria-invalid]="error() ? 'true' : null"
          [attr.aria-describedby]="describedBy()"
          placeholder="Sök på kod eller bransch, t.ex. 41.200 eller bygg"
          (input)="search(query.value)"
          (keydown)="keydown($event)"
          (blur)="closeSoon()"
        />
        <ul class="sni-options" role="listbox" [id]="listId()" [hidden]="!open()" aria-label="Förslag på SNI-koder">
          @for (option of options(); track option.code; let i = $index) {
            <li
              role="option"
              class="sni-option"
              [id]="listId() + '-' + i"
              [attr.aria-selected]="i === active()"
              [class.is-active]="i === active()"
              tabindex="-1"
              (mousedown)="$event.preventDefault()"
              (click)="choose(option)"
              (keydown.enter)="choose(option)"
            >
              <span class="sni-code">{{ option.code }}</span> {{ option.title }}
            </li>
          }
        </ul>
      </div>
      <p [id]="inputId() + '-hjalp'" class="help">Välj en eller flera koder från SCB:s SNI 2007. Huvudbranschen först.</p>
      <p class="visually-hidden" aria-live="polite">{{ announcement() }}</p>
      @if (searchError()) {
        <p class="field-error">{{ searchError() }}</p>
      }
      @if (error()) {
        <p [id]="inputId() + '-fel'" class="field-error">{{ error() }}</p>
      }
      @if (selected().length > 0) {
        <ul class="sni-chosen" aria-label="Valda SNI-koder">
          @for (entry of selected(); track entry.code) {
            <li>
              <span><span class="sni-code">{{ entry.code }}</span> {{ entry.title }}</span>
              <button type="button" class="btn btn-secondary btn-small" (click)="remove(entry)" [attr.aria-label]="'Ta bort ' + entry.code + ' ' + entry.title">
                Ta bort
              </button>
            </li>
          }
        </ul>
      }
    </div>
  `,
})
export class SniPicker {
  readonly selected = model<SniEntry[]>([]);
  readonly error = input('');
  readonly inputId = input('sni-kod');

  protected readonly options = signal<SniEntry[]>([]);
  protected readonly open = signal(false);
  protected readonly active = signal(-1);
  protected readonly searchError = signal('');
  protected readonly announcement = signal('');
  protected readonly listId = computed(() => `${this.inputId()}-forslag`);
  protected readonly activeId = computed(() => (this.open() && this.active() >= 0 ? `${this.listId()}-${this.active()}` : null));
  protected readonly describedBy = computed(() => [`${this.inputId()}-hjalp`, this.error() ? `${this.inputId()}-fel` : ''].filter(Boolean).join(' '));

  private readonly api = inject(DashboardApi);
  private readonly queryInput = viewChild.required<ElementRef<HTMLInputElement>>('query');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      if (this.timer) clearTimeout(this.timer);
      if (this.closeTimer) clearTimeout(this.closeTimer);
    });
  }

  protected search(value: string): void {
    if (this.timer) clearTimeout(this.timer);
    const q = value.trim();
    if (q.length < 2) {
      this.options.set([]);
      this.open.set(false);
      return;
    }
    this.timer = setTimeout(() => void this.load(q), 200);
  }

  private async load(q: string): Promise<void> {
    const seq = ++this.seq;
    try {
      const result = await this.api.sni(q);
      if (seq !== this.seq) return;
      const chosen = new Set(this.selected().map((s) => s.code));
      const items = result.items.filter((i) => !chosen.has(i.code));
      this.searchError.set('');
      this.options.set(items);
      this.active.set(items.length > 0 ? 0 : -1);
      this.open.set(items.length > 0);
      this.announcement.set(items.length === 0 ? 'Inga SNI-koder matchar.' : `${items.length} förslag. Välj med pil upp och ned och Enter.`);
    } catch (error) {
      if (seq !== this.seq) return;
      this.searchError.set(problemText(toProblem(error)));
      this.open.set(false);
    }
  }

  protected keydown(event: KeyboardEvent): void {
    const count = this.options().length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        this.open.set(true);
        this.active.set((this.active() + 1) % count);
        break;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        this.open.set(true);
        this.active.set((this.active() - 1 + count) % count);
        break;
      case 'Enter':
        if (this.open() && this.active() >= 0) {
          event.preventDefault();
          this.choose(this.options()[this.active()]);
        }
        break;
      case 'Escape':
        if (this.open()) {
          event.preventDefault();
          this.open.set(false);
        }
        break;
    }
  }

  protected closeSoon(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => this.open.set(false), 150);
  }

  protected choose(entry: SniEntry): void {
    if (!this.selected().some((s) => s.code === entry.code)) this.selected.update((list) => [...list, entry]);
    const input = this.queryInput().nativeElement;
    input.value = '';
    this.options.set([]);
    this.open.set(false);
    this.active.set(-1);
    this.announcement.set(`${entry.code} ${entry.title} är vald.`);
    input.focus();
  }

  protected remove(entry: SniEntry): void {
    this.selected.update((list) => list.filter((s) => s.code !== entry.code));
    this.announcement.set(`${entry.code} är borttagen.`);
    this.queryInput().nativeElement.focus();
  }
}
