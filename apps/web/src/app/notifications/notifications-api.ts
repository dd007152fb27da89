import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { NotificationPreferences } from '@laglig/contracts';
import { firstValueFrom } from 'rxjs';
import { toProblem } from '../account/api-problem';
import { API_BASE_URL } from '../core/api-base-url';
import type { PreferencesUpdate } from './preferences-form';


export interface UnsubscribeResult {
  scope: 'list' | 'all';
  /** What is now off, in Swedish ("Laglista Arbetsmiljö", "alla laglistor"). */
  description: string;
}

/** The notifier's HTTP endpoints (through the gateway). Rejects with an ApiProblem. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE_URL)}/api/v1`;

  private async call<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw toProblem(error);
    }
  }

  preferences(): Promise<NotificationPreferences> {
    return this.call(firstValueFrom(this.http.get<NotificationPreferences>(`${this.base}/me/notifications`)));
  }

  savePreferences(update: PreferencesUpdate): Promise<NotificationPreferences> {
    return this.call(firstValueFrom(this.http.put<NotificationPreferences>(`${this.base}/me/notifications`, update)));
  }

  /** One-click unsubscribe with the signed token from a mail; idempotent. */
  unsubscribe(token: string): Promise<UnsubscribeResult> {
    return this.call(firstValueFrom(this.http.post<UnsubscribeResult>(`${this.base}/unsubscribe`, {}, { params: { token } })));
  }
}
