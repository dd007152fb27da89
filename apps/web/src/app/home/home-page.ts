import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { LawListResult } from '@laglig/contracts';
import type { Loaded } from '../core/loaded';
import { PageMeta } from '../core/page-meta';
import { lawPath } from '../core/sfs-path';
import { LAW_KIND_GROUPS, lawKind } from '../laws/law-format';
import { SearchForm } from '../shared/search-form';

const collator = new Intl.Collator('sv');

/** `/` — what Laglig is, a search box and the statutes in the collection. */
@Component({
  selector: 'lg-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, SearchForm],
  templateUrl: './home-page.html',
})
export class HomePage {
  readonly laws = input.required<Loaded<LawListResult>>();

  protected readonly groups = computed(() => {
    const loaded = this.laws();
    if (loaded.kind !== 'ok') return null;
    const items = [...loaded.value.items].sort((a, b) => collator.compare(a.title, b.title));
    return {
      total: loaded.value.total,
      shown: items.length,
      groups: LAW_KIND_GROUPS.map((g) => ({
        ...g,
        id: `grupp-${g.kind === 'förordning' ? 'forordning' : g.kind === 'övrig' ? 'ovrig' : g.kind}`,
        items: items.filter((i) => lawKind(i.title) === g.kind).map((i) => ({ ...i, path: lawPath(i.sfs) })),
      })).filter((g) => g.items.length > 0),
    };
  });

  constructor() {
    inject(PageMeta).set({
      title: null,
      description:
        'Laglig samlar svensk lagtext för företag: lagar och förordningar med innehållsförteckning, ändringsregister och sökning – underlag för er laglista.',
      canonicalPath: '/',
    });
  }
}
