import { inject } from '@angular/core';
import type { ResolveFn } from '@angular/router';
import { normaliseSfs, type ChangesPage, type LawChange, type LawDiff, type LawVersions } from '@laglig/contracts';
import { catchError, forkJoin, map, of, switchMap, type Observable } from 'rxjs';
import { HttpStatus } from '../core/http-status';
import { type Loaded, loadFailure, statusFor, toLoaded } from '../core/loaded';
import { transferOnce } from '../core/transfer';
import { LawsApi } from '../laws/laws-api';
import { compareSelection } from './change-format';

/** Public change pages may be held briefly by a CDN (a sync adds changes a few times a day). */
export const CHANGES_PAGE_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600';
/** Changes per page of `/lagar/:sfs/andringar`. */
export const CHANGES_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LawChangesData {
  versions: LawVersions;
  changes: ChangesPage;
  /** The cursor this page was loaded with (`?efter=`), null for the first page. */
  cursor: string | null;
}
export type LawChangesState = Loaded<LawChangesData> & { sfs: string };

export interface ChangeData {
  change: LawChange;
  /** null for a new statute (nothing to compare with) or when the diff could not be loaded. */
  diff: LawDiff | null;
  diffFailed: boolean;
}
export type ChangeState = Loaded<ChangeData> & { sfs: string };

export interface CompareData {
  versions: LawVersions;
  from: string | null;
  to: string | null;
  diff: LawDiff | null;
  /** Why no diff is shown (no or bad selection), in Swedish. */
  selectionError: string | null;
  /** The visitor asked for a comparison (so a bad selection is a 400). */
  asked: boolean;
}
export type CompareState = Loaded<CompareData> & { sfs: string };

function finish<T>(status: HttpStatus, loaded: Loaded<T>, extraStatus?: number): Loaded<T> {
  if (loaded.kind !== 'ok') {
    status.set(statusFor(loaded.kind));
    status.header('Cache-Control', 'no-store');
  } else if (extraStatus) {
    status.set(extraStatus);
    status.header('Cache-Control', 'no-store');
  } else {
    status.header('Cache-Control', CHANGES_PAGE_CACHE_CONTROL);
  }
  return loaded;
}

/** `/lagar/:sfs/andringar?efter=` — the versions and the change events of a statute. */
export const lawChangesResolver: ResolveFn<LawChangesState> = (route) => {
  const sfs = (route.paramMap.get('sfs') ?? '').trim();
  const cursor = route.queryParamMap.get('efter')?.slice(0, 200) || null;
  const api = inject(LawsApi);
  const status = inject(HttpStatus);
  const load = (): Observable<Loaded<LawChangesData>> =>
    forkJoin({ versions: toLoaded(api.versions(sfs)), changes: toLoaded(api.changes(sfs, CHANGES_PAGE_SIZE, cursor)) }).pipe(
      map(({ versions, changes }): Loaded<LawChangesData> => {
        if (versions.kind !== 'ok') return versions;
        if (changes.kind !== 'ok') return changes;
        return { kind: 'ok', value: { versions: versions.value, changes: changes.value, cursor } };
      }),
    );
  return transferOnce(`law-changes:${sfs}:${cursor ?? ''}`, load).pipe(map((loaded) => ({ ...finish(status, loaded), sfs })));
};

/** `/lagar/:sfs/andringar/:changeId` — one change event and the diff of its two versions. */
export const changeResolver: ResolveFn<ChangeState> = (route) => {
  const sfs = (route.paramMap.get('sfs') ?? '').trim();
  const changeId = (route.paramMap.get('changeId') ?? '').trim();
  const api = inject(LawsApi);
  const status = inject(HttpStatus);
  if (!UUID.test(changeId)) return of({ ...finish<ChangeData>(status, { kind: 'not-found' }), sfs });
  const load = (): Observable<Loaded<ChangeData>> =>
    api.change(changeId).pipe(
      switchMap((change): Observable<Loaded<ChangeData>> => {
        // A change of another statute under this statute's path does not exist here.
        if (change.sfs !== normaliseSfs(sfs)) return of({ kind: 'not-found' });
        if (!change.fromVersionId) return of({ kind: 'ok', value: { change, diff: null, diffFailed: false } });
        return api.diff(change.sfs, change.fromVersionId, change.toVersionId).pipe(
          map((diff): Loaded<ChangeData> => ({ kind: 'ok', value: { change, diff, diffFailed: false } })),
          catchError(() => of<Loaded<ChangeData>>({ kind: 'ok', value: { change, diff: null, diffFailed: true } })),
        );
      }),
      catchError((error: unknown) => of(loadFailure<ChangeData>(error))),
    );
  return transferOnce(`change:${changeId}`, load).pipe(map((loaded) => ({ ...finish(status, loaded), sfs })));
};

/** `/lagar/:sfs/jamfor?fran=&till=` — the "Tidsmaskin": any two versions side by side. */
export const compareResolver: ResolveFn<CompareState> = (route) => {
  const sfs = (route.paramMap.get('sfs') ?? '').trim();
  const from = route.queryParamMap.get('fran');
  const to = route.queryParamMap.get('till');
  const asked = from !== null || to !== null;
  const api = inject(LawsApi);
  const status = inject(HttpStatus);
  const load = (): Observable<Loaded<CompareData>> =>
    toLoaded(api.versions(sfs)).pipe(
      switchMap((versions): Observable<Loaded<CompareData>> => {
        if (versions.kind !== 'ok') return of(versions);
        const selection = compareSelection(versions.value.items, from, to);
        const base = { versions: versions.value, from, to, asked };
        if ('error' in selection) return of({ kind: 'ok', value: { ...base, diff: null, selectionError: asked ? selection.error : null } });
        return toLoaded(api.diff(sfs, selection.from.id, selection.to.id)).pipe(
          map((diff): Loaded<CompareData> => (diff.kind === 'ok' ? { kind: 'ok', value: { ...base, diff: diff.value, selectionError: null } } : diff)),
        );
      }),
    );
  return transferOnce(`compare:${sfs}:${from ?? ''}:${to ?? ''}`, load).pipe(
    map((loaded) => {
      const badSelection = loaded.kind === 'ok' && loaded.value.selectionError !== null ? 400 : undefined;
      return { ...finish(status, loaded, badSelection), sfs };
    }),
  );
};
