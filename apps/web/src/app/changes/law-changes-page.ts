import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { PageMeta } from '../core/page-meta';
import { lawPath } from '../core/sfs-path';
import { formatDate } from '../laws/law-format';
import { Problem } from '../shared/problem';
import { atomFeedPath, changeLine, changesPath, comparePath, versionLabel } from './change-format';
import { ChangeList } from './change-list';
import { changeProblemFor } from './change-problem';
import type { LawChangesState } from './changes.resolvers';
import { VersionPicker } from './version-picker';

/** `/lagar/:sfs/andringar` — every version and change event of a statute, and the "Tidsmaskin". */
@Component({
  selector: 'lg-law-changes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Problem, VersionPicker, ChangeList],
  template: `
    @if (view(); as v) {
      <article class="changes-page" aria-labelledby="andringar-rubrik">
        <header class="law-header">
          <p class="eyebrow">Ändringshistorik · SFS {{ v.sfs }}</p>
          <h1 id="andringar-rubrik">{{ v.title }}</h1>
          <p class="changes-links">
            <a [href]="v.lawHref">Till lagtexten</a>
            <a [href]="v.feedHref" type="application/atom+xml">Prenumerera på ändringar (Atom-flöde)</a>
          </p>
        </header>

        @if (v.versions.length > 1) {
          <section class="panel-public" aria-labelledby="tidsmaskin-rubrik">
            <h2 id="tidsmaskin-rubrik">Tidsmaskin: jämför två versioner</h2>
            <p class="hint">Välj två versioner av författningen för att se vad som skiljer dem åt, paragraf för paragraf.</p>
            <lg-version-picker [sfs]="v.sfs" [versions]="v.versions" />
          </section>
        }

        <section aria-labelledby="handelser-rubrik">
          <h2 id="handelser-rubrik">Ändringar</h2>
          @if (v.lines.length === 0) {
            <p>Laglig har inte registrerat några ändringar av författningen ännu.</p>
          } @else {
            <lg-change-list [lines]="v.lines" />
            @if (v.nextHref) {
              <p class="pager"><a [href]="v.nextHref">Äldre ändringar</a></p>
            }
          }
        </section>

        <section aria-labelledby="versioner-rubrik">
          <h2 id="versioner-rubrik">Versioner</h2>
          <div class="table-scroll" tabindex="0" role="region" aria-labelledby="versioner-rubrik">
            <table>
              <thead>
                <tr>
                  <th scope="col">Hämtad</th>
                  <th scope="col">Ändrad t.o.m.</th>
                  <th scope="col">Paragrafer</th>
                  <th scope="col"><span class="visually-hidden">Jämför</span></th>
                </tr>
              </thead>
              <tbody>
                @for (ver of v.versionRows; track ver.id) {
                  <tr>
                    <td class="nowrap">{{ ver.date }}@if (ver.current) { <strong> (gällande)</strong>}</td>
                    <td>{{ ver.amendedThrough ?? '–' }}</td>
                    <td>{{ ver.sectionCount }}</td>
                    <td>
                      @if (ver.compareHref) {
                        <a [href]="ver.compareHref" [attr.aria-label]="'Jämför versionen ' + ver.label + ' med den gällande'">Jämför med gällande</a>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </section>
      </article>
    } @else if (problem(); as p) {
      <lg-problem [problem]="p" />
    }
  `,
})
export class LawChangesPage {
  readonly page = input.required<LawChangesState>();
  private readonly pageMeta = inject(PageMeta);

  protected readonly view = computed(() => {
    const state = this.page();
    if (state.kind !== 'ok') return null;
    const { versions, changes } = state.value;
    const sfs = versions.sfs;
    const current = versions.items.find((v) => v.current) ?? versions.items[0];
    return {
      sfs,
      title: versions.title,
      lawHref: lawPath(sfs),
      feedHref: atomFeedPath(sfs),
      versions: versions.items,
      lines: changes.items.map(changeLine),
      nextHref: changes.nextCursor ? `${changesPath(sfs)}?efter=${encodeURIComponent(changes.nextCursor)}` : null,
      versionRows: versions.items.map((ver) => ({
        id: ver.id,
        label: versionLabel(ver),
        date: formatDate(ver.createdAt) ?? ver.createdAt,
        amendedThrough: ver.amendedThrough,
        sectionCount: ver.sectionCount,
        current: ver.current,
        compareHref: current && ver.id !== current.id ? `${comparePath(sfs)}?fran=${encodeURIComponent(ver.id)}&till=${encodeURIComponent(current.id)}` : null,
      })),
    };
  });

  protected readonly problem = computed(() => {
    const state = this.page();
    return state.kind === 'ok' ? null : changeProblemFor(state, state.sfs, 'law');
  });

  constructor() {
    effect(() => {
      const state = this.page();
      if (state.kind === 'ok') {
        const { sfs, title } = state.value.versions;
        this.pageMeta.set({
          title: `Ändringshistorik: ${title}`,
          description: `Alla registrerade ändringar och versioner av ${title}, med ordvis jämförelse mellan versionerna.`,
          // Later pages (?efter=) are not separate documents for search engines.
          canonicalPath: changesPath(sfs),
          noindex: state.value.cursor !== null,
          feed: { href: this.pageMeta.absolute(atomFeedPath(sfs)), title: `Ändringar i ${title}` },
        });
      } else {
        this.pageMeta.set({ title: changeProblemFor(state, state.sfs, 'law').heading, noindex: true });
      }
    });
  }
}
