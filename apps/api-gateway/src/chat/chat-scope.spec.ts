import { Logger } from '@nestjs/common';
import { ErrorCode, refuse, succeed, type OperationResult } from '@laglig/contracts';
import type { RpcClient } from '@laglig/messaging';
import { ApiError } from '../http/http-errors';
import { ChatScopeResolver, MAX_FILTER_LAWS, NO_LIST_NOTICE, TOO_MANY_NOTICE } from './chat-scope';

const ACTOR = { userId: '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f' };
const WS = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

/** A stand-in RpcClient that answers every call with `reply` and records the calls. */
function resolverWith(reply: OperationResult<unknown>) {
  const call = jest.fn(async () => reply);
  return { resolver: new ChatScopeResolver({ call } as unknown as RpcClient), call };
}

describe('ChatScopeResolver', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it("'list': one lists.activeLaws call with the caller as actor; its SFS numbers become the filter", async () => {
    const { resolver, call } = resolverWith(succeed({ sfs: ['1977:1160', '1977:480', '2018:218'] }));
    expect(await resolver.resolve(ACTOR, WS, 'list')).toEqual({
      sfs: ['1977:1160', '1977:480', '2018:218'],
      scope: { scope: 'list', workspaceId: WS, laws: 3, notice: null },
    });
    expect(call.mock.calls).toEqual([['compliance-workflow', 'lists.activeLaws', { actor: ACTOR, workspaceId: WS }]]);
  });

  it("'list' without laws, or with more than a filter may name, answers over every law with a notice", async () => {
    expect(await resolverWith(succeed({ sfs: [] })).resolver.resolve(ACTOR, WS, 'list')).toEqual({
      scope: { scope: 'all', workspaceId: WS, laws: 0, notice: NO_LIST_NOTICE },
    });
    const many = Array.from({ length: MAX_FILTER_LAWS + 1 }, (_, i) => `2000:${i + 1}`);
    expect(await resolverWith(succeed({ sfs: many })).resolver.resolve(ACTOR, WS, 'list')).toEqual({
      scope: { scope: 'all', workspaceId: WS, laws: 0, notice: TOO_MANY_NOTICE },
    });
    const exactly = many.slice(0, MAX_FILTER_LAWS);
    expect((await resolverWith(succeed({ sfs: exactly })).resolver.resolve(ACTOR, WS, 'list')).scope).toMatchObject({ scope: 'list', laws: MAX_FILTER_LAWS });
  });

  it("'all' only checks access (workspaces.access) and names no laws", async () => {
    const { resolver, call } = resolverWith(succeed({ role: 'AUDITOR' }));
    expect(await resolver.resolve(ACTOR, WS, 'all')).toEqual({ scope: { scope: 'all', workspaceId: WS, laws: 0, notice: null } });
    expect(call.mock.calls).toEqual([['compliance-workflow', 'workspaces.access', { actor: ACTOR, workspaceId: WS }]]);
  });

  it.each([
    [ErrorCode.NOT_FOUND, 404],
    [ErrorCode.FORBIDDEN, 403],
    [ErrorCode.UNAVAILABLE, 503],
    [ErrorCode.TIMEOUT, 504],
  ])('a %s refusal from compliance-workflow is the request’s error (%i)', async (code, status) => {
    for (const scope of ['list', 'all'] as const) {
      const { resolver, call } = resolverWith(refuse(code, 'Nej.'));
      const error = await resolver.resolve(ACTOR, WS, scope).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).getStatus()).toBe(status);
      expect(call).toHaveBeenCalledTimes(1);
    }
  });
});
