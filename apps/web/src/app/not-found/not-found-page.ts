import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { HttpStatus } from '../core/http-status';
import { PageMeta } from '../core/page-meta';
import { Problem, ProblemView } from '../shared/problem';

/** Any unknown route. The server route also declares status 404; setting it here keeps the page self-contained. */
@Component({
  selector: 'lg-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Problem],
  template: `<lg-problem [problem]="problem" />`,
})
export class NotFoundPage {
  protected readonly problem: ProblemView = {
    status: 404,
    heading: 'Sidan finns inte',
    message: 'Adressen leder inte till någon sida i Laglig. Den kan ha skrivits fel eller flyttats.',
  };

  constructor() {
    inject(HttpStatus).set(404);
    inject(PageMeta).set({ title: this.problem.heading, noindex: true });
  }
}
