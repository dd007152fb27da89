import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { PageMeta } from '../core/page-meta';
import { lawPath } from '../core/sfs-path';
import { Problem } from '../shared/problem';
import { atomFeedPath, changesPath, sectionView, versionLabel } from './change-format';
import { changeProblemFor } from './change-problem';
import type { CompareState } from './changes.resolvers';
import { LawDiffView } from './law-diff';
import { VersionPicker } from './version-picker';

/** `/lagar/:sfs/jamfor?fran=&till=` — "Tidsmaskin": any two versions of a statute compared. */
@Component({
  selector: 'lg-compare-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Problem, LawDiffView, VersionPicker],
  template: `
    @if (view(); as v) {
      <article class="compare-page" aria-labelledby="jamfor-rubrik">
        <header class="law-header">
          <p class="eyebrow">Tidsmaskin · SFS {{ v.sfs }}</p>
          <h1 id="jamfor-rubrik">Jämför versioner: {{ v.title }}</h1>
          <p class="changes-links">
            <a [href]="v.lawHref">Till lagtexten</a>
            <a [href]="v.historyHref">Ändringshistorik</a>
          </p>
        </header>
        <section aria-labelledby="valj-versioner-rubrik">
          <h2 id="valj-versioner-rubrik" class="visually-hidden">Välj versioner</h2>
          <lg-version-picker [sfs]="v.sfs" [versions]="v.versions" [from]="v.from" [to]="v.to" headingId="valj-versioner-rubrik" />
        </section>
        @if (v.selectionError) {
          <p class="notice" role="alert">{{ v.selectionError }}</p>
        }
        @if (v.diff; as d) {
          <section aria-labelledby="skillnader-rubrik">
            <h2 id="skillnader-rubrik">Från {{ d.from }} till {{ d.to }}</h2>
            @if (d.sections.length === 0) {
              <p>Versionerna har samma lydelse.</p>
            } @else {
              <p class="hint">
                {{ d.sections.length === 1 ? '1 paragraf skiljer sig' : d.sections.length + ' paragrafer skiljer sig' }}
                {{ d.substantive ? '' : '(endast redaktionellt)' }}.
                <ins>Tillagd text</ins> är understruken på grön botten, <del>borttagen text</del> är överstruken på röd botten.
              </p>
              <lg-law-diff [sections]="d.sections" />
            }
          </section>
        }
      </article>
    } @else if (problem(); as p) {
      <lg-problem [problem]="p" />
    }
  `,
})
export class ComparePage {
  readonly page = input.required<CompareState>();
  private readonly pageMeta = inject(PageMeta);

  protected readonly view = computed(() => {
    const state = this.page();
    if (state.kind !== 'ok') return null;
    const { versions, diff, from, to, selectionError } = state.value;
    const sfs = versions.sfs;
    return {
      sfs,
      title: versions.title,
      lawHref: lawPath(sfs),
      historyHref: changesPath(sfs),
      versions: versions.items,
      from: diff?.from.id ?? from,
      to: diff?.to.id ?? to,
      selectionError,
      diff: diff
        ? {
            from: versionLabel(diff.from),
            to: versionLabel(diff.to),
            substantive: diff.substantive,
            sections: diff.sections.map((s) => sectionView(sfs, s)),
          }
        : null,
    };
  });

  protected readonly problem = computed(() => {
    const state = this.page();
    return state.kind === 'ok' ? null : changeProblemFor(state, state.sfs, 'compare');
  });

  constructor() {
    effect(() => {
      const state = this.page();
      if (state.kind === 'ok') {
        const { sfs, title } = state.value.versions;
        this.pageMeta.set({
          title: `Jämför versioner: ${title}`,
          description: `Ordvis jämförelse mellan två versioner av ${title}.`,
          // Any pair of versions: not a page of its own for search engines.
          noindex: true,
          feed: { href: this.pageMeta.absolute(atomFeedPath(sfs)), title: `Ändringar i ${title}` },
        });
      } else {
        this.pageMeta.set({ title: changeProblemFor(state, state.sfs, 'compare').heading, noindex: true });
      }
    });
  }
}
