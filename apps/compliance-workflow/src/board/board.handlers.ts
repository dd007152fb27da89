import { Injectable } from '@nestjs/common';
import type { ActivityEntry, Board, BoardColumn, Card, Comment, MethodName, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { ActivityService } from '../activity/activity.service';
import { WorkspaceAccess } from '../access/workspace-access.service';
import { BoardService } from './board.service';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

/** Request/reply handlers of the board and the activity log (thin: the service holds the rules). */
@Injectable()
export class BoardHandlers {
  constructor(
    private readonly board: BoardService,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
  ) {}

  @RpcHandler('compliance-workflow', 'board.get')
  get(input: In<'board.get'>): Promise<OperationResult<Board>> {
    return this.board.get(input);
  }

  @RpcHandler('compliance-workflow', 'board.columns.create')
  createColumn(input: In<'board.columns.create'>): Promise<OperationResult<BoardColumn>> {
    return this.board.createColumn(input);
  }

  @RpcHandler('compliance-workflow', 'board.columns.update')
  updateColumn(input: In<'board.columns.update'>): Promise<OperationResult<BoardColumn>> {
    return this.board.updateColumn(input);
  }

  @RpcHandler('compliance-workflow', 'board.columns.delete')
  deleteColumn(input: In<'board.columns.delete'>): Promise<OperationResult<{ removed: true }>> {
    return this.board.deleteColumn(input);
  }

  @RpcHandler('compliance-workflow', 'board.cards.create')
  createCard(input: In<'board.cards.create'>): Promise<OperationResult<Card>> {
    return this.board.createCard(input);
  }

  @RpcHandler('compliance-workflow', 'board.cards.update')
  updateCard(input: In<'board.cards.update'>): Promise<OperationResult<Card>> {
    return this.board.updateCard(input);
  }

  @RpcHandler('compliance-workflow', 'board.cards.move')
  moveCard(input: In<'board.cards.move'>): Promise<OperationResult<Card>> {
    return this.board.moveCard(input);
  }

  @RpcHandler('compliance-workflow', 'board.cards.delete')
  deleteCard(input: In<'board.cards.delete'>): Promise<OperationResult<{ removed: true }>> {
    return this.board.deleteCard(input);
  }

  @RpcHandler('compliance-workflow', 'board.comments.list')
  listComments(input: In<'board.comments.list'>): Promise<OperationResult<{ items: Comment[] }>> {
    return this.board.listComments(input);
  }

  @RpcHandler('compliance-workflow', 'board.comments.add')
  addComment(input: In<'board.comments.add'>): Promise<OperationResult<Comment>> {
    return this.board.addComment(input);
  }

  /** The workspace's activity log, newest first (every role reads it, auditors included). */
  @RpcHandler('compliance-workflow', 'activity.list')
  async activityList(input: In<'activity.list'>): Promise<OperationResult<{ items: ActivityEntry[]; nextCursor: string | null }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    return this.activity.list(grant.value, {
      ...(input.entityType ? { entityType: input.entityType } : {}),
      ...(input.entityId ? { entityId: input.entityId } : {}),
      cursor: input.cursor ?? null,
      limit: input.limit,
    });
  }
}
