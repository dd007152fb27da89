import { Logger } from '@nestjs/common';
import { ErrorCode, SfsNumberSchema, type Actor, type ChatScope } from '@laglig/contracts';
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
 * Which laws a signed-in question in a workspace is answered from. The
 * workspace's law lists are read from compliance-workflow with the caller as
 * actor, so compliance-workflow decides access (a missing workspace 404, not a
 * member 403) before anything is asked. `list`: the active SFS laws of all the
 * workspace's lists (removed items and agency regulations (AFS), which the
 * index does not hold, are left out); no such law → every law, with a notice.
 * `all`: every law, after the same membership check.
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
    const lists = unwrap(await this.rpc.call('compliance-workflow', 'lists.list', { actor, workspaceId }));
    const details = await Promise.all(lists.items.map((list) => this.rpc.call('compliance-workflow', 'lists.get', { actor, workspaceId, listId: list.id })));
    const laws = new Set<string>();
    for (const result of details) {
      // A list deleted between the two calls is simply not there any more.
      if (!result.ok && result.code === ErrorCode.NOT_FOUND) continue;
      for (const item of unwrap(result).items) {
        if (item.kind === 'SFS' && item.status === 'active' && SfsNumberSchema.safeParse(item.ref).success) laws.add(item.ref);
      }
    }
    if (laws.size === 0) return { scope: { scope: 'all', workspaceId, laws: 0, notice: NO_LIST_NOTICE } };
    if (laws.size > MAX_FILTER_LAWS) {
      this.logger.warn(`workspace ${workspaceId} lists ${laws.size} laws; answering over all laws`);
      return { scope: { scope: 'all', workspaceId, laws: 0, notice: TOO_MANY_NOTICE } };
    }
    const sfs = [...laws].sort();
    return { sfs, scope: { scope: 'list', workspaceId, laws: sfs.length, notice: null } };
  }
}
