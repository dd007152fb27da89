import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Amendment, ChangesPage, LawChange, LawDiff, LawDocument, LawListResult, LawVersions, SearchResult } from '@laglig/contracts';
import { Observable } from 'rxjs';
import { API_BASE_URL } from '../core/api-base-url';

/** `GET /api/v1/laws/:sfs/amendments` */
export interface AmendmentList {
  sfs: string;
  items: Amendment[];
}

/** Typed client for the public law endpoints of the API gateway. */
@Injectable({ providedIn: 'root' })
export class LawsApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE_URL)}/api/v1`;

  law(sfs: string): Observable<LawDocument> {
    return this.http.get<LawDocument>(`${this.base}/laws/${encodeURIComponent(sfs)}`);
  }

  amendments(sfs: string): Observable<AmendmentList> {
    return this.http.get<AmendmentList>(`${this.base}/laws/${encodeURIComponent(sfs)}/amendments`);
  }

  /** `GET /api/v1/laws/:sfs/versions` */
  versions(sfs: string): Observable<LawVersions> {
    return this.http.get<LawVersions>(`${this.base}/laws/${encodeURIComponent(sfs)}/versions`);
  }

  /** `GET /api/v1/laws/:sfs/diff?from=&to=` (word diff of the sections that differ). */
  diff(sfs: string, from: string, to: string): Observable<LawDiff> {
    const params = new HttpParams().set('from', from).set('to', to);
    return this.http.get<LawDiff>(`${this.base}/laws/${encodeURIComponent(sfs)}/diff`, { params });
  }

  /** `GET /api/v1/laws/:sfs/changes` (newest first). */
  changes(sfs: string, limit: number, cursor: string | null = null): Observable<ChangesPage> {
    let params = new HttpParams().set('limit', String(limit));
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<ChangesPage>(`${this.base}/laws/${encodeURIComponent(sfs)}/changes`, { params });
  }

  /** `GET /api/v1/changes/:id` */
  change(id: string): Observable<LawChange> {
    return this.http.get<LawChange>(`${this.base}/changes/${encodeURIComponent(id)}`);
  }

  search(q: string, page = 1): Observable<SearchResult> {
    const params = new HttpParams().set('q', q).set('page', String(page));
    return this.http.get<SearchResult>(`${this.base}/laws`, { params });
  }

  index(limit: number, cursor: string | null = null): Observable<LawListResult> {
    let params = new HttpParams().set('limit', String(limit));
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<LawListResult>(`${this.base}/laws-index`, { params });
  }
}
