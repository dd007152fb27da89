import { inject } from '@angular/core';
import type { ResolveFn } from '@angular/router';
import type { LawListResult } from '@laglig/contracts';
import { Loaded, toLoaded } from '../core/loaded';
import { transferOnce } from '../core/transfer';
import { LawsApi } from '../laws/laws-api';

/** How many statutes the start page lists; the rest are reached by search and the sitemap. */
export const HOME_LIST_LIMIT = 500;

export const homeResolver: ResolveFn<Loaded<LawListResult>> = () => {
  const api = inject(LawsApi);
  return transferOnce('home:index', () => toLoaded(api.index(HOME_LIST_LIMIT)));
};
