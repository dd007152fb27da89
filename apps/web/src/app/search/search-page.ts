import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PageMeta } from '../core/page-meta';
import { lawPath } from '../core/sfs-path';
import { SearchForm } from '../shared/search-form';
import type { SearchState } from './search.resolver';
import { snippetParts } from './snippet';

/** `/sok` — full-text and reference search over the statutes. */
@Component({
  selector: 'lg-search-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, SearchForm],
  templateUrl: './search-page.html',
})
export class SearchPage {
  readonly search = input.required<SearchState>();

  protected readonly result = computed(() => {
    const state = this.search();
    if (state.kind !== 'ok') return null;
    const r = state.value;
    const pages = Math.max(1, Math.ceil(r.total / Math.max(1, r.pageSize)));
    return {
      mode: r.mode,
      total: r.total,
      page: r.page,
      firstRank: (r.page - 1) * r.pageSize + 1,
      previous: r.page > 1 ? r.page - 1 : null,
      next: r.page < pages ? r.page + 1 : null,
      pages,
      hits: r.hits.map((hit) => ({
        key: `${hit.sfs}#${hit.anchor ?? ''}`,
        title: hit.title,
        sfs: hit.sfs,
        label: hit.label,
        path: lawPath(hit.sfs),
        fragment: hit.anchor ?? undefined,
        parts: snippetParts(hit.snippet),
      })),
    };
  });

  protected readonly invalidMessage = computed(() => {
    const state = this.search();
    return state.kind === 'invalid' ? state.message : '';
  });

  constructor() {
    const meta = inject(PageMeta);
    effect(() => {
      const q = this.search().query;
      meta.set({ title: q ? `Sökresultat för ”${q}”` : 'Sök i lagtext', noindex: true });
    });
  }
}
