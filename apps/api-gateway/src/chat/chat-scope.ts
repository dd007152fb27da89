import { Logger } from '@nestjs/common';
import type { Actor, ChatScope } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { unwrap } from '../http/http-errors';

/** The most laws a chat filter may name (ChatAskInputSchema.sfs). */
export const MAX_FILTER_LAWS = 5000;

export const NO_LIST_NOTICE = 'Arbetsytans laglistor innehåller inga lagar ännu. Svaret bygger på alla lagar.';
export const TOO_MANY_NOTICE = 'Arbetsytans laglistor innehåller för många lagar för att begränsa svaret. Svaret bygger på alla lagar.';

export interface ResolvedScope {
  /** The law filter for rag; absent: every law. */
  sfs?: string[];
  scope: ChatScope;
}

/**
 * Which laws a signed-in question in a workspace is answered from. Both scopes
 * ask compliance-workflow once, with the caller as actor, so it decides access
 * (a missing workspace 404, not a member 403) before rag is asked; any other
 * refusal (compliance-workflow down: 503, no reply in time: 504) is the
 * request's error too. `list`: `lists.activeLaws`, the SFS numbers on the
 * workspace's lists (active entries only; removed entries and agency
 * regulations (AFS), which the index does not hold, are left out, sorted and
 * unique); no such law → every law, with a notice. `all`: every law, after
 * `workspaces.access` (the same membership check).
 * (A plain class the chat controller builds, so the chat folder stays self-contained.)
 */
export class ChatScopeResolver {
  private readonly logger = new Logger(ChatScopeResolver.name);

  constructor(private readonly rpc: RpcClient) {}

  async resolve(actor: Actor, workspaceId: string, scope: 'list' | 'all'): Promise<ResolvedScope> {
    if (scope === 'all') {
      unwrap(await this.rpc.call('compliance-workflow', 'workspaces.access', { actor, workspaceId }));
      return { scope: { scope: 'all', workspaceId, laws: 0, notice: null } };
    }
    const { sfs } = unwrap(await this.rpc.call('compliance-workflow', 'lists.activeLaws', { actor, workspaceId }));
    if (sfs.length === 0) return { scope: { scope: 'all', workspaceId, laws: 0, notice: NO_LIST_NOTICE } };
    if (sfs.length > MAX_FILTER_LAWS) {
      this.logger.warn(`workspace ${workspaceId} lists ${sfs.length} laws; answering over all laws`);
      return { scope: { scope: 'all', workspaceId, laws: 0, notice: TOO_MANY_NOTICE } };
    }
    return { sfs, scope: { scope: 'list', workspaceId, laws: sfs.length, notice: null } };
  }
}
