import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { TocEntry } from '../law-format';

/** Entries of the table of contents; nests itself for avdelning › kapitel. */
@Component({
  selector: 'lg-toc-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="toc-list">
      @for (e of entries(); track e.anchor) {
        <li class="toc-item">
          @if (e.label) {
            <a class="toc-entry" [href]="path() + '#' + e.anchor">
              {{ e.label }}
              @if (e.title) {
                <span class="toc-title">{{ e.title }}</span>
              }
            </a>
          }
          @if (e.sections.length) {
            <ol class="toc-sections">
              @for (s of e.sections; track s.anchor) {
                <li>
                  <a [href]="path() + '#' + s.anchor"
                    >{{ s.label }}
                    @if (s.note) {
                      <span class="toc-note">({{ s.note }})</span>
                    }</a
                  >
                </li>
              }
            </ol>
          }
          @if (e.children.length) {
            <lg-toc-list [entries]="e.children" [path]="path()" />
          }
        </li>
      }
    </ol>
  `,
})
export class TocList {
  readonly entries = input.required<readonly TocEntry[]>();
  readonly path = input.required<string>();
}
