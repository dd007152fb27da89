import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Loaded } from '../core/loaded';

export interface ProblemView {
  status: number;
  heading: string;
  message: string;
}

type Failure = Exclude<Loaded<unknown>, { kind: 'ok' }>;

/** Swedish error texts for a statute page that could not be shown. */
export function problemFor(failure: Failure, sfs: string): ProblemView {
  switch (failure.kind) {
    case 'not-found':
      return {
        status: 404,
        heading: 'Författningen hittades inte',
        message: `Det finns ingen författning med SFS-nummer ${sfs} i Laglig. Kontrollera numret eller sök efter lagen.`,
      };
    case 'invalid':
      return {
        status: 400,
        heading: 'Ogiltigt SFS-nummer',
        message: `”${sfs}” är inte ett giltigt SFS-nummer. Ange det som år och löpnummer, till exempel 1977:1160.`,
      };
    case 'unavailable':
      return {
        status: 503,
        heading: 'Lagtexten kunde inte hämtas',
        message: 'Tjänsten svarar inte just nu. Försök igen om en stund.',
      };
  }
}

/** Error page body (404, 400, 503) with ways onward. */
@Component({
  selector: 'lg-problem',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="problem" aria-labelledby="problem-heading">
      <p class="eyebrow">Fel {{ problem().status }}</p>
      <h1 id="problem-heading">{{ problem().heading }}</h1>
      <p>{{ problem().message }}</p>
      <ul class="problem-links">
        <li><a routerLink="/">Till startsidan</a></li>
        <li><a routerLink="/sok">Sök i lagtexten</a></li>
      </ul>
    </section>
  `,
})
export class Problem {
  readonly problem = input.required<ProblemView>();
}
