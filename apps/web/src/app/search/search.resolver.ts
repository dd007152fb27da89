import { inject } from '@angular/core';
import type { ResolveFn } from '@angular/router';
import type { SearchResult } from '@laglig/contracts';
import { map, of } from 'rxjs';
import { HttpStatus } from '../core/http-status';
import { Loaded, toLoaded } from '../core/loaded';
import { transferOnce } from '../core/transfer';
import { LawsApi } from '../laws/laws-api';

export type SearchState = { query: string; page: number } & (Loaded<SearchResult> | { kind: 'empty' });

/** `/sok?q=&sida=` — runs the search on the server so results are in the HTML. */
export const searchResolver: ResolveFn<SearchState> = (route) => {
  const query = (route.queryParamMap.get('q') ?? '').trim();
  const pageParam = Number(route.queryParamMap.get('sida') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 100 ? pageParam : 1;
  if (!query) return of({ kind: 'empty', query, page });
  const api = inject(LawsApi);
  const status = inject(HttpStatus);
  return transferOnce(`search:${page}:${query}`, () => toLoaded(api.search(query, page))).pipe(
    map((loaded): SearchState => {
      if (loaded.kind === 'unavailable') status.set(503);
      else if (loaded.kind === 'invalid') status.set(400);
      return { ...loaded, query, page };
    }),
  );
};
