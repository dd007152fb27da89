import type { Loaded } from '../core/loaded';
import { type ProblemView, problemFor } from '../shared/problem';

type Failure = Exclude<Loaded<unknown>, { kind: 'ok' }>;

/** Error texts of the change pages: an unknown change event has its own 404; the rest is as for a statute. */
export function changeProblemFor(failure: Failure, sfs: string, subject: 'law' | 'change' | 'compare'): ProblemView {
  if (subject === 'change' && failure.kind === 'not-found') {
    return {
      status: 404,
      heading: 'Ändringen hittades inte',
      message: `Det finns ingen sådan ändring av SFS ${sfs} i Laglig. Se författningens ändringshistorik för de ändringar som finns.`,
    };
  }
  if (subject === 'compare' && failure.kind === 'not-found') {
    return {
      status: 404,
      heading: 'Versionen hittades inte',
      message: `Författningen eller en av versionerna finns inte. Välj versioner i ändringshistoriken för SFS ${sfs}.`,
    };
  }
  if (failure.kind === 'unavailable') {
    return { status: 503, heading: 'Ändringarna kunde inte hämtas', message: 'Tjänsten svarar inte just nu. Försök igen om en stund.' };
  }
  return problemFor(failure, sfs);
}
