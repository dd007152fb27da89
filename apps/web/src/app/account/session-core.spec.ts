import type { UserProfile } from '@laglig/contracts';
import { type RefreshOutcome, SessionCore, type SessionState, type TokenResponse } from './session-core';

const USER: UserProfile = {
  id: '5b0c3f3e-2f7a-4c53-8c6a-0c9a3b1d2e4f',
  email: 'anna@example.se',
  displayName: 'Anna Andersson',
  emailVerified: false,
  workspaces: [],
};

const NOW = Date.parse('2025-03-01T10:00:00Z');

function tokens(n: number, validForMs = 15 * 60_000): TokenResponse {
  return { accessToken: `token-${n}`, accessTokenExpiresAt: new Date(NOW + validForMs).toISOString(), user: USER };
}

function state(token: string, validForMs = 15 * 60_000): SessionState {
  return { accessToken: token, expiresAt: NOW + validForMs, user: USER };
}

/** A refresh endpoint the test answers by hand, counting calls. */
function controlledRefresh() {
  const pending: Array<(outcome: RefreshOutcome) => void> = [];
  const refresh = jest.fn(() => new Promise<RefreshOutcome>((resolve) => pending.push(resolve)));
  return {
    refresh,
    answer(outcome: RefreshOutcome) {
      const next = pending.shift();
      if (!next) throw new Error('no refresh is waiting');
      next(outcome);
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SessionCore', () => {
  it('shares one refresh between concurrent callers and queues their requests behind it', async () => {
    const server = controlledRefresh();
    const changes: Array<SessionState | null> = [];
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW, onChange: (s) => changes.push(s) });
    core.set(state('token-0'));

    const first = core.refresh();
    expect(core.refreshing()).toBe(true);
    // Requests made during the refresh wait for it instead of using the old token.
    const queued = [core.tokenForRequest(), core.tokenForRequest(), core.refresh().then((s) => s?.accessToken)];
    await flush();
    expect(server.refresh).toHaveBeenCalledTimes(1);

    server.answer({ kind: 'ok', response: tokens(1) });
    expect((await first)?.accessToken).toBe('token-1');
    expect(await Promise.all(queued)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(core.refreshing()).toBe(false);
    expect(changes.map((c) => c?.accessToken ?? null)).toEqual(['token-0', 'token-1']);

    // The next refresh is a new request.
    const again = core.refresh();
    expect(server.refresh).toHaveBeenCalledTimes(2);
    server.answer({ kind: 'ok', response: tokens(2) });
    expect((await again)?.accessToken).toBe('token-2');
  });

  it('uses a valid token as it is and refreshes one that is about to expire', async () => {
    const server = controlledRefresh();
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW, refreshAheadMs: 30_000 });
    core.set(state('fresh', 5 * 60_000));
    expect(await core.tokenForRequest()).toBe('fresh');
    expect(server.refresh).not.toHaveBeenCalled();

    core.set(state('expiring', 10_000));
    const token = core.tokenForRequest();
    await flush();
    expect(server.refresh).toHaveBeenCalledTimes(1);
    server.answer({ kind: 'ok', response: tokens(7) });
    expect(await token).toBe('token-7');
  });

  it('has no token and does not call the API when signed out', async () => {
    const server = controlledRefresh();
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW });
    expect(await core.tokenForRequest()).toBeNull();
    expect(server.refresh).not.toHaveBeenCalled();
  });

  it('after a 401 refreshes once for all failed requests and retries with the new token', async () => {
    const server = controlledRefresh();
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW });
    core.set(state('old'));
    const retries = [core.afterUnauthorized('old'), core.afterUnauthorized('old'), core.afterUnauthorized('old')];
    await flush();
    expect(server.refresh).toHaveBeenCalledTimes(1);
    server.answer({ kind: 'ok', response: tokens(3) });
    expect(await Promise.all(retries)).toEqual(['token-3', 'token-3', 'token-3']);
  });

  it('after a 401 of an old token retries with the token another request already refreshed to', async () => {
    const server = controlledRefresh();
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW });
    core.set(state('newer'));
    expect(await core.afterUnauthorized('older')).toBe('newer');
    expect(server.refresh).not.toHaveBeenCalled();
  });

  it('signs out when the refresh cookie is refused, so the caller gives up', async () => {
    const server = controlledRefresh();
    const changes: Array<SessionState | null> = [];
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW, onChange: (s) => changes.push(s) });
    core.set(state('old'));
    const retry = core.afterUnauthorized('old');
    await flush();
    server.answer({ kind: 'unauthenticated' });
    expect(await retry).toBeNull();
    expect(core.current()).toBeNull();
    expect(changes.at(-1)).toBeNull();
  });

  it('keeps the session when the API is unavailable during a refresh, and when the call throws', async () => {
    const server = controlledRefresh();
    const core = new SessionCore({ refresh: server.refresh, now: () => NOW });
    core.set(state('kept'));
    const retry = core.afterUnauthorized('kept');
    await flush();
    server.answer({ kind: 'unavailable' });
    expect(await retry).toBeNull();
    expect(core.current()?.accessToken).toBe('kept');

    const throwing = new SessionCore({ refresh: () => Promise.reject(new Error('offline')), now: () => NOW });
    throwing.set(state('still'));
    expect(await throwing.refresh()).toBeNull();
    expect(throwing.current()?.accessToken).toBe('still');
    expect(throwing.refreshing()).toBe(false);
  });

  it('replaces the user of the session and ignores it when signed out', () => {
    const core = new SessionCore({ refresh: () => Promise.resolve({ kind: 'unavailable' }), now: () => NOW });
    core.setUser({ ...USER, emailVerified: true });
    expect(core.current()).toBeNull();
    core.set(state('t'));
    core.setUser({ ...USER, emailVerified: true });
    expect(core.current()?.user.emailVerified).toBe(true);
    expect(core.current()?.accessToken).toBe('t');
  });
});
