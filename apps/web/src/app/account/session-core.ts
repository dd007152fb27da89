import type { UserProfile } from '@laglig/contracts';

/** What the browser holds of a signed-in session: in memory only, never in storage. */
export interface SessionState {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: UserProfile;
}

/** The body of `POST /auth/login` and `POST /auth/refresh`. */
export interface TokenResponse {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: UserProfile;
}

export type RefreshOutcome =
  /** The refresh cookie was accepted: a new access token. */
  | { kind: 'ok'; response: TokenResponse }
  /** No valid refresh cookie (401): the user is signed out. */
  | { kind: 'unauthenticated' }
  /** The API could not be reached or failed: the current state is kept. */
  | { kind: 'unavailable' };

export function toSessionState(response: TokenResponse, now: number): SessionState {
  const parsed = Date.parse(response.accessTokenExpiresAt);
  // An unreadable expiry counts as "valid for a minute": a 401 still triggers a refresh.
  return { accessToken: response.accessToken, expiresAt: Number.isNaN(parsed) ? now + 60_000 : parsed, user: response.user };
}

export interface SessionCoreOptions {
  /** Calls `POST /auth/refresh` (the HttpOnly cookie is the credential). */
  refresh: () => Promise<RefreshOutcome>;
  /** Told of every change of the state (a signal in the app). */
  onChange?: (state: SessionState | null) => void;
  now?: () => number;
  /** A token this close to its expiry is refreshed before a request uses it. */
  refreshAheadMs?: number;
}

/**
 * The access-token rules, free of Angular so they can be tested directly:
 *
 * - one refresh at a time ("single flight"): every caller that needs a token
 *   while a refresh runs waits for that refresh, so requests sent during a
 *   refresh are queued and then sent with the new token;
 * - a token about to expire is refreshed before it is used;
 * - after a 401 the request is retried once: with the token another request
 *   already refreshed to, or after one refresh; a failed refresh signs out.
 */
export class SessionCore {
  private state: SessionState | null = null;
  private inFlight: Promise<SessionState | null> | null = null;
  private readonly now: () => number;
  private readonly refreshAheadMs: number;

  constructor(private readonly options: SessionCoreOptions) {
    this.now = options.now ?? Date.now;
    this.refreshAheadMs = options.refreshAheadMs ?? 30_000;
  }

  current(): SessionState | null {
    return this.state;
  }

  /** Whether a refresh is running now (requests wait for it). */
  refreshing(): boolean {
    return this.inFlight !== null;
  }

  /** Sets the session after a login (or clears it after a logout). */
  set(state: SessionState | null): void {
    this.state = state;
    this.options.onChange?.(state);
  }

  /** Replaces the user profile of the current session (after `GET /auth/me`). */
  setUser(user: UserProfile): void {
    if (!this.state) return;
    this.set({ ...this.state, user });
  }

  /**
   * Refreshes the access token through the cookie. Concurrent calls share one
   * request. Resolves to the new state, or null when signed out; when the API
   * is unavailable the current state stays and null is returned.
   */
  refresh(): Promise<SessionState | null> {
    if (this.inFlight) return this.inFlight;
    // `finally` runs before anyone awaiting `run` continues: a later refresh starts a new request.
    const run = this.runRefresh().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  private async runRefresh(): Promise<SessionState | null> {
    let outcome: RefreshOutcome;
    try {
      outcome = await this.options.refresh();
    } catch {
      outcome = { kind: 'unavailable' };
    }
    if (outcome.kind === 'ok') {
      const next = toSessionState(outcome.response, this.now());
      this.set(next);
      return next;
    }
    if (outcome.kind === 'unauthenticated') this.set(null);
    return null;
  }

  /**
   * The token to send with a request: waits for a running refresh, refreshes a
   * token that is (about to be) expired, null when signed out.
   */
  async tokenForRequest(): Promise<string | null> {
    if (this.inFlight) return (await this.inFlight)?.accessToken ?? this.state?.accessToken ?? null;
    const state = this.state;
    if (!state) return null;
    if (state.expiresAt - this.now() <= this.refreshAheadMs) {
      const next = await this.refresh();
      return next?.accessToken ?? null;
    }
    return state.accessToken;
  }

  /**
   * A request sent with `usedToken` got 401. Returns the token to retry with
   * (once), or null when there is none (the caller gives up and signs out).
   * If another request refreshed meanwhile, its token is used without a new refresh.
   */
  async afterUnauthorized(usedToken: string | null): Promise<string | null> {
    if (this.inFlight) {
      const next = await this.inFlight;
      return next && next.accessToken !== usedToken ? next.accessToken : null;
    }
    const state = this.state;
    if (state && usedToken !== null && state.accessToken !== usedToken) return state.accessToken;
    const next = await this.refresh();
    return next && next.accessToken !== usedToken ? next.accessToken : null;
  }
}
