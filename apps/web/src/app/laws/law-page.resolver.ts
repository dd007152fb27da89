import { inject } from '@angular/core';
import type { ResolveFn } from '@angular/router';
import type { Amendment, LawChange, LawMetadata, LawStructure } from '@laglig/contracts';
import { catchError, forkJoin, map, of } from 'rxjs';
import { HttpStatus } from '../core/http-status';
import { Loaded, statusFor, toLoaded } from '../core/loaded';
import { transferOnce } from '../core/transfer';
import { LawsApi } from './laws-api';

export interface LawPageData {
  meta: LawMetadata;
  /** null only in the browser right after hydration: the text is rendered by the server and never re-rendered. */
  structure: LawStructure | null;
  amendments: Amendment[] | null;
  /** The latest change events (newest first); empty when none or when the history could not be loaded. */
  changes: LawChange[];
  /** More change events than shown. */
  moreChanges: boolean;
}

/** Change events listed on the law page; the rest are on `/lagar/:sfs/andringar`. */
export const LAW_PAGE_CHANGES = 10;

export type LawPageState = Loaded<LawPageData> & { sfs: string };

/**
 * Loads the statute and its amendment register. The server hands the browser
 * only the metadata (the full text is already in the HTML and its block is
 * never hydrated), which keeps a 400 kB statute from being shipped twice.
 */
export const lawPageResolver: ResolveFn<LawPageState> = (route) => {
  const sfs = (route.paramMap.get('sfs') ?? '').trim();
  const api = inject(LawsApi);
  const status = inject(HttpStatus);

  const load = () =>
    forkJoin({
      law: toLoaded(api.law(sfs)),
      amendments: api.amendments(sfs).pipe(
        map((list) => list.items),
        catchError(() => of<Amendment[]>([])),
      ),
      // The history is secondary: the statute is shown without it when it cannot be loaded.
      changes: api.changes(sfs, LAW_PAGE_CHANGES).pipe(catchError(() => of({ items: [] as LawChange[], nextCursor: null }))),
    }).pipe(
      map(({ law, amendments, changes }): Loaded<LawPageData> => {
        if (law.kind !== 'ok') return law;
        const { structure, ...meta } = law.value;
        return { kind: 'ok', value: { meta, structure, amendments, changes: changes.items, moreChanges: changes.nextCursor !== null } };
      }),
    );

  const forBrowser = (loaded: Loaded<LawPageData>): Loaded<LawPageData> =>
    loaded.kind === 'ok' ? { kind: 'ok', value: { ...loaded.value, structure: null, amendments: null } } : loaded;

  return transferOnce(`law-page:${sfs}`, load, forBrowser).pipe(
    map((loaded): LawPageState => {
      if (loaded.kind !== 'ok') status.set(statusFor(loaded.kind));
      return { ...loaded, sfs };
    }),
  );
};
