import { isPlatformBrowser } from '@angular/common';
import { DOCUMENT, Injectable, PLATFORM_ID, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { UserProfile } from '@laglig/contracts';
import { API_BASE_URL } from '../core/api-base-url';
import { type ApiProblem, problemFrom } from './api-problem';
import { type RefreshOutcome, SessionCore, type SessionState, type TokenResponse, toSessionState } from './session-core';
import { loginUrl } from './safe-return';

/**
 * Marks that this browser has (probably) a session, so a public page does not
 * call `POST /auth/refresh` for every anonymous visitor. It holds no secret:
 * the access token lives in memory, the refresh token in an HttpOnly cookie.
 */
const HINT_KEY = 'laglig.session';
/** Serialises refreshes across tabs: a rotated refresh cookie must not be sent twice (reuse detection). */
const REFRESH_LOCK = 'laglig-auth-refresh';

export type SessionStatus = 'unknown' | 'restoring' | 'signed-in' | 'signed-out';

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

/**
 * The signed-in user in the browser: the access token in a signal (memory
 * only), refreshed through the HttpOnly cookie on start and on 401 (see
 * SessionCore), login and logout.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  private restoring: Promise<boolean> | null = null;

  readonly state = signal<SessionState | null>(null);
  readonly status = signal<SessionStatus>('unknown');
  readonly user = computed(() => this.state()?.user ?? null);
  readonly signedIn = computed(() => this.state() !== null);

  readonly core = new SessionCore({
    refresh: () => this.callRefresh(),
    onChange: (state) => {
      this.state.set(state);
      if (state) this.status.set('signed-in');
      else if (this.status() !== 'unknown') this.status.set('signed-out');
      this.setHint(state !== null);
    },
  });

  constructor() {
    if (!this.browser) return;
    // Signed out in another tab: forget the token here too.
    this.document.defaultView?.addEventListener('storage', (event) => {
      if (event.key === HINT_KEY && event.newValue === null && this.core.current()) {
        this.core.set(null);
        this.status.set('signed-out');
        this.leaveProtectedPage();
      }
    });
  }

  /** Called once when the app starts in the browser: restores the session if this browser had one. */
  start(): void {
    if (this.browser && this.hasHint()) void this.ensure();
  }

  /** Whether there is a session, restoring it (once) through the refresh cookie when needed. */
  ensure(): Promise<boolean> {
    if (this.core.current()) return Promise.resolve(true);
    if (!this.browser) return Promise.resolve(false);
    if (this.restoring) return this.restoring;
    if (this.status() === 'signed-out') return Promise.resolve(false);
    this.status.set('restoring');
    const run = this.core
      .refresh()
      .then((state) => {
        if (!state) this.status.set('signed-out');
        return state !== null;
      })
      .finally(() => {
        this.restoring = null;
      });
    this.restoring = run;
    return run;
  }

  /** `POST /auth/login`. Throws an ApiProblem (401 wrong e-mail or password, 429 locked out, …). */
  async login(email: string, password: string): Promise<UserProfile> {
    const response = await this.post('/api/v1/auth/login', { email, password });
    const body = await readJson(response);
    if (!response.ok) throw problemFrom(response.status, body);
    const state = toSessionState(body as TokenResponse, Date.now());
    this.status.set('signed-in');
    this.core.set(state);
    return state.user;
  }

  /** `POST /auth/logout` (revokes the refresh token family), then forgets the token. */
  async logout(): Promise<void> {
    try {
      await this.post('/api/v1/auth/logout', {});
    } catch {
      // Signed out locally anyway; the refresh token expires on its own.
    }
    this.core.set(null);
    this.status.set('signed-out');
    await this.router.navigateByUrl('/');
  }

  /** Reloads the profile (`GET /auth/me`), e.g. after creating or joining a workspace. */
  async reloadProfile(): Promise<UserProfile | null> {
    const token = await this.core.tokenForRequest();
    if (!token) return null;
    const response = await fetch(`${this.baseUrl}/api/v1/auth/me`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const user = (await readJson(response)) as UserProfile;
    this.core.setUser(user);
    return user;
  }

  /** The API said the session is gone (a refresh failed): back to the login page. */
  expired(): void {
    if (this.core.current()) return;
    this.status.set('signed-out');
    this.leaveProtectedPage();
  }

  /** A public auth call with a JSON body (no token); ApiProblem when the API cannot be reached. */
  async post(path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw problemFrom(0, null) satisfies ApiProblem;
    }
  }

  private leaveProtectedPage(): void {
    const url = this.router.url;
    if (/^\/(app|inbjudan)(?:[/?#]|$)/.test(url)) void this.router.navigateByUrl(loginUrl(url));
  }

  private async callRefresh(): Promise<RefreshOutcome> {
    const run = async (): Promise<RefreshOutcome> => {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
        });
      } catch {
        return { kind: 'unavailable' };
      }
      if (response.ok) return { kind: 'ok', response: (await readJson(response)) as TokenResponse };
      if (response.status === 400 || response.status === 401 || response.status === 403) return { kind: 'unauthenticated' };
      return { kind: 'unavailable' };
    };
    const locks = this.browser ? this.document.defaultView?.navigator.locks : undefined;
    return locks ? locks.request(REFRESH_LOCK, run) : run();
  }

  private hasHint(): boolean {
    try {
      return this.document.defaultView?.localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return false;
    }
  }

  private setHint(on: boolean): void {
    if (!this.browser) return;
    try {
      const storage = this.document.defaultView?.localStorage;
      if (on) storage?.setItem(HINT_KEY, '1');
      else storage?.removeItem(HINT_KEY);
    } catch {
      // Storage blocked: the session then lasts for this page only.
    }
  }
}
