import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ChangeLine } from './change-format';

/** A statute's change events, newest first: date, kind, amending SFS, ikraftträdande, sections; each links to its diff page. */
@Component({
  selector: 'lg-change-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="change-list">
      @for (c of lines(); track c.id) {
        <li class="change-item">
          <p class="change-item-head">
            <a [href]="c.href"
              ><time>{{ c.date }}</time> · {{ c.kindLabel }}
              @if (c.amendingSfs) {
                genom SFS {{ c.amendingSfs }}
              }</a
            >
            @if (!c.substantive) {
              <span class="badge badge-editorial">Redaktionell ändring</span>
            }
          </p>
          @if (c.inForce) {
            <p class="change-meta">Ikraftträdande {{ c.inForce }}</p>
          }
          @if (c.sections.length > 0) {
            <p class="change-meta">
              {{ c.sections.join(', ') }}
              @if (c.more > 0) {
                och {{ c.more }} till
              }
            </p>
          }
        </li>
      }
    </ol>
  `,
})
export class ChangeList {
  readonly lines = input.required<readonly ChangeLine[]>();
}
