import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Amendment, LawDocument, LawListResult, SearchResult } from '@laglig/contracts';
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
