import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import type { LawMetadata } from '@laglig/contracts';
import { atomFeedPath, changeLine, changesPath } from '../../changes/change-format';
import { ChangeList } from '../../changes/change-list';
import { PageMeta } from '../../core/page-meta';
import { lawPath } from '../../core/sfs-path';
import { Problem, problemFor } from '../../shared/problem';
import { LawContent } from '../law-content/law-content';
import { amendedThroughText, formatDate, lawDescription, lawKind, legislationJsonLd, todayInStockholm } from '../law-format';
import type { LawPageState } from '../law-page.resolver';

interface Fact {
  label: string;
  value: string;
  href?: string;
}

const KIND_LABEL = { balk: 'Balk', lag: 'Lag', förordning: 'Förordning', övrig: 'Författning' } as const;

function facts(meta: LawMetadata): Fact[] {
  const out: Fact[] = [];
  const add = (label: string, value: string | null | undefined, href?: string | null) => {
    if (value) out.push(href ? { label, value, href } : { label, value });
  };
  add('Departement', meta.department);
  add('Utfärdad', formatDate(meta.issuedAt));
  add('Ikraft', formatDate(meta.inForce));
  add('Senast ändrad', amendedThroughText(meta.amendedThrough ?? meta.version.amendedThrough));
  if (meta.repealed) add('Upphävd', formatDate(meta.repealedAt) ?? 'Ja');
  add('Källa', meta.sourceName, meta.sourceUrl);
  add('Hämtad', formatDate(meta.fetchedAt));
  return out;
}

/** `/lagar/:sfs` — the full statute, server-rendered and readable without JavaScript. */
@Component({
  selector: 'lg-law-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LawContent, Problem, ChangeList],
  templateUrl: './law-page.html',
})
export class LawPage {
  /** Bound from the route's resolver (`withComponentInputBinding`). */
  readonly page = input.required<LawPageState>();

  private readonly pageMeta = inject(PageMeta);

  protected readonly view = computed(() => {
    const state = this.page();
    if (state.kind !== 'ok') return null;
    const { meta, structure, amendments, changes, moreChanges } = state.value;
    return {
      meta,
      changes: changes.map(changeLine),
      moreChanges,
      historyHref: changesPath(meta.sfs),
      feedHref: atomFeedPath(meta.sfs),
      kindLabel: KIND_LABEL[lawKind(meta.title)],
      facts: facts(meta),
      // Keyed by document version: a different statute (or version) replaces the text block.
      docs: [{ key: `${meta.sfs}|${meta.version.id}`, structure, amendments }],
    };
  });

  protected readonly problem = computed(() => {
    const state = this.page();
    return state.kind === 'ok' ? null : problemFor(state, state.sfs);
  });

  constructor() {
    effect(() => {
      const state = this.page();
      if (state.kind === 'ok') {
        const meta = state.value.meta;
        const path = lawPath(meta.sfs);
        this.pageMeta.set({
          title: meta.title,
          description: lawDescription(meta),
          canonicalPath: path,
          jsonLd: legislationJsonLd(meta, this.pageMeta.absolute(path), todayInStockholm()),
          feed: { href: this.pageMeta.absolute(atomFeedPath(meta.sfs)), title: `Ändringar i ${meta.title}` },
        });
      } else {
        const problem = problemFor(state, state.sfs);
        this.pageMeta.set({ title: problem.heading, noindex: true });
      }
    });
  }
}
