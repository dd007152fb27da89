import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { LAW_CHANGE_KIND_LABELS } from '@laglig/contracts';
import { PageMeta } from '../core/page-meta';
import { lawPath } from '../core/sfs-path';
import { formatDate } from '../laws/law-format';
import { Problem } from '../shared/problem';
import { atomFeedPath, changeHeading, changePath, changesPath, comparePath, sectionView, versionLabel } from './change-format';
import { changeProblemFor } from './change-problem';
import type { ChangeState } from './changes.resolvers';
import { LawDiffView } from './law-diff';

/** `/lagar/:sfs/andringar/:changeId` — one change event: what changed, section by section, word by word. */
@Component({
  selector: 'lg-change-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Problem, LawDiffView],
  template: `
    @if (view(); as v) {
      <article class="change-page" aria-labelledby="andring-rubrik">
        <header class="law-header">
          <p class="eyebrow">{{ v.kindLabel }} · SFS {{ v.sfs }}</p>
          <h1 id="andring-rubrik">{{ v.title }}: {{ v.heading }}</h1>
          <p class="changes-links">
            <a [href]="v.lawHref">Till lagtexten</a>
            <a [href]="v.historyHref">Hela ändringshistoriken</a>
            <a [href]="v.feedHref" type="application/atom+xml">Atom-flöde</a>
          </p>
          <dl class="law-facts">
            <div class="fact">
              <dt>Upptäckt</dt>
              <dd>{{ v.detected }}</dd>
            </div>
            @if (v.amendingSfs) {
              <div class="fact">
                <dt>Ändringsförfattning</dt>
                <dd>SFS {{ v.amendingSfs }}</dd>
              </div>
            }
            @if (v.inForce) {
              <div class="fact">
                <dt>Ikraftträdande</dt>
                <dd>{{ v.inForce }}</dd>
              </div>
            }
            <div class="fact">
              <dt>Art</dt>
              <dd>{{ v.substantive ? 'Väsentlig ändring' : 'Redaktionell ändring' }}</dd>
            </div>
            @if (v.versions) {
              <div class="fact">
                <dt>Versioner</dt>
                <dd><a [href]="v.versions.compareHref">{{ v.versions.from }} → {{ v.versions.to }}</a></dd>
              </div>
            }
          </dl>
        </header>

        <section aria-labelledby="paragrafer-rubrik">
          <h2 id="paragrafer-rubrik">{{ v.sectionCount === 1 ? '1 paragraf' : v.sectionCount + ' paragrafer' }}</h2>
          @if (v.diffFailed) {
            <p class="notice" role="status">Den ordvisa jämförelsen kunde inte hämtas just nu; här visas en sammanfattning per paragraf.</p>
          }
          @if (v.isNew) {
            <p class="hint">Författningen är ny i Laglig, så det finns ingen tidigare version att jämföra med.</p>
          }
          @if (v.sections.length === 0) {
            <p>Inga paragrafer skiljer sig åt.</p>
          } @else {
            <p class="hint diff-legend">
              <ins>Tillagd text</ins> är understruken på grön botten, <del>borttagen text</del> är överstruken på röd botten.
            </p>
            <lg-law-diff [sections]="v.sections" [showText]="v.showText" />
          }
        </section>
      </article>
    } @else if (problem(); as p) {
      <lg-problem [problem]="p" />
    }
  `,
})
export class ChangePage {
  readonly page = input.required<ChangeState>();
  private readonly pageMeta = inject(PageMeta);

  protected readonly view = computed(() => {
    const state = this.page();
    if (state.kind !== 'ok') return null;
    const { change, diff, diffFailed } = state.value;
    const sfs = change.sfs;
    const sections = diff ? diff.sections.map((s) => sectionView(sfs, s)) : change.sections.map((s) => sectionView(sfs, s));
    return {
      sfs,
      title: change.title,
      heading: changeHeading(change),
      kindLabel: LAW_CHANGE_KIND_LABELS[change.kind],
      amendingSfs: change.amendingSfs,
      inForce: formatDate(change.inForce),
      detected: formatDate(change.detectedAt) ?? change.detectedAt,
      substantive: change.substantive,
      lawHref: lawPath(sfs),
      historyHref: changesPath(sfs),
      feedHref: atomFeedPath(sfs),
      versions: diff
        ? {
            from: versionLabel(diff.from),
            to: versionLabel(diff.to),
            compareHref: `${comparePath(sfs)}?fran=${encodeURIComponent(diff.from.id)}&till=${encodeURIComponent(diff.to.id)}`,
          }
        : null,
      sections,
      sectionCount: sections.length,
      showText: diff !== null,
      diffFailed,
      isNew: change.fromVersionId === null,
    };
  });

  protected readonly problem = computed(() => {
    const state = this.page();
    return state.kind === 'ok' ? null : changeProblemFor(state, state.sfs, 'change');
  });

  constructor() {
    effect(() => {
      const state = this.page();
      if (state.kind === 'ok') {
        const { change } = state.value;
        const heading = changeHeading(change);
        this.pageMeta.set({
          title: `${change.title}: ${heading}`,
          description: `${heading}${change.inForce ? `, ikraftträdande ${change.inForce}` : ''}. ${change.sections
            .slice(0, 3)
            .map((s) => s.label)
            .join(', ')}`.trim(),
          canonicalPath: changePath(change.sfs, change.id),
          feed: { href: this.pageMeta.absolute(atomFeedPath(change.sfs)), title: `Ändringar i ${change.title}` },
        });
      } else {
        this.pageMeta.set({ title: changeProblemFor(state, state.sfs, 'change').heading, noindex: true });
      }
    });
  }
}
