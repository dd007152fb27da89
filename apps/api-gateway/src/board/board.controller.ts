import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ActivityEntitySchema,
  CardFieldsSchema,
  complianceMethods,
  type Actor,
  type ActivityEntry,
  type Board,
  type BoardColumn,
  type Card,
  type Comment,
} from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { unwrap } from '../http/http-errors';
import { strictBody, UuidParam, ZodPipe } from '../http/zod-query';

/*
 * Request bodies are the contract's inputs without what the gateway supplies
 * itself: the actor (from the verified token) and ids from the path.
 */
const ColumnCreateBody = strictBody(complianceMethods['board.columns.create'].input.omit({ actor: true, workspaceId: true }).shape);
const ColumnUpdateBody = strictBody(complianceMethods['board.columns.update'].input.omit({ actor: true, workspaceId: true, columnId: true }).shape);
const CardCreateBody = strictBody(complianceMethods['board.cards.create'].input.omit({ actor: true, workspaceId: true }).shape);
/** PATCH `{ version, ...fields }`: the version the client edited, and the fields it changes. */
const CardUpdateBody = strictBody({ ...CardFieldsSchema.shape, version: z.number({ error: 'Ange kortets version (version).' }).int().min(1) });
const CardMoveBody = strictBody(complianceMethods['board.cards.move'].input.omit({ actor: true, workspaceId: true, cardId: true }).shape);
const CommentBody = strictBody(complianceMethods['board.comments.add'].input.omit({ actor: true, workspaceId: true, cardId: true }).shape);
const ActivityQuery = z
  .object(
    {
      entityType: ActivityEntitySchema.optional(),
      entityId: z.string().max(100).optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().min(1).max(500).default(100),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänd parameter: ${issue.keys.join(', ')}.` : 'Ogiltig fråga.') },
  )
  .strict();

/** The Kanban board of a workspace and its activity log. Every route needs a signed-in member (writes: MEMBER and up). */
@ApiTags('board')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('workspaces/:workspaceId')
@ApiParam({ name: 'workspaceId', format: 'uuid' })
@ApiResponse({ status: 401, description: 'Inte inloggad' })
@ApiResponse({ status: 403, description: 'Inte medlem, eller rollen får inte ändra' })
@ApiResponse({ status: 404, description: 'Arbetsytan, kolumnen eller kortet finns inte' })
export class BoardController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('board')
  @ApiOperation({ summary: 'Tavlan: kolumner och kort i ordning (skapar standardkolumnerna första gången)' })
  async board(@CurrentActor() actor: Actor, @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string): Promise<Board> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.get', { actor, workspaceId }));
  }

  @Post('board/columns')
  @ApiOperation({ summary: 'Ny kolumn, efter afterColumnId (null eller utelämnat: sist)' })
  @ApiResponse({ status: 409, description: 'Namnet används redan' })
  async createColumn(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Body(new ZodPipe(ColumnCreateBody)) body: z.output<typeof ColumnCreateBody>,
  ): Promise<BoardColumn> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.columns.create', { actor, workspaceId, ...body }));
  }

  @Patch('board/columns/:columnId')
  @ApiOperation({ summary: 'Byt namn på eller flytta en kolumn (afterColumnId null: först)' })
  @ApiResponse({ status: 409, description: 'Namnet används redan' })
  async updateColumn(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('columnId', new ZodPipe(UuidParam)) columnId: string,
    @Body(new ZodPipe(ColumnUpdateBody)) body: z.output<typeof ColumnUpdateBody>,
  ): Promise<BoardColumn> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.columns.update', { actor, workspaceId, columnId, ...body }));
  }

  @Delete('board/columns/:columnId')
  @ApiOperation({ summary: 'Ta bort en tom kolumn' })
  @ApiResponse({ status: 409, description: 'Kolumnen innehåller kort' })
  async deleteColumn(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('columnId', new ZodPipe(UuidParam)) columnId: string,
  ): Promise<{ removed: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.columns.delete', { actor, workspaceId, columnId }));
  }

  @Post('board/cards')
  @ApiOperation({ summary: 'Nytt kort sist i en kolumn: { columnId, fields: { title, … } }' })
  async createCard(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Body(new ZodPipe(CardCreateBody)) body: z.output<typeof CardCreateBody>,
  ): Promise<Card> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.cards.create', { actor, workspaceId, ...body }));
  }

  @Patch('board/cards/:cardId')
  @ApiOperation({ summary: 'Ändra ett kort: { version, …fält }; inaktuell version ger 409 med details.current' })
  @ApiResponse({ status: 409, description: 'Någon annan har ändrat kortet; details.current är kortet som det är nu' })
  async updateCard(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('cardId', new ZodPipe(UuidParam)) cardId: string,
    @Body(new ZodPipe(CardUpdateBody)) body: z.output<typeof CardUpdateBody>,
  ): Promise<Card> {
    const { version, ...fields } = body;
    return unwrap(await this.rpc.call('compliance-workflow', 'board.cards.update', { actor, workspaceId, cardId, version, fields }));
  }

  @Post('board/cards/:cardId/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flytta ett kort: { columnId, afterCardId, beforeCardId, version? } (null: i den änden)' })
  @ApiResponse({ status: 400, description: 'Grannkorten finns inte i målkolumnen eller står i fel ordning' })
  @ApiResponse({ status: 409, description: 'Inaktuell version; details.current är kortet som det är nu' })
  async moveCard(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('cardId', new ZodPipe(UuidParam)) cardId: string,
    @Body(new ZodPipe(CardMoveBody)) body: z.output<typeof CardMoveBody>,
  ): Promise<Card> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.cards.move', { actor, workspaceId, cardId, ...body }));
  }

  @Delete('board/cards/:cardId')
  @ApiOperation({ summary: 'Ta bort ett kort (och dess kommentarer)' })
  async deleteCard(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('cardId', new ZodPipe(UuidParam)) cardId: string,
  ): Promise<{ removed: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.cards.delete', { actor, workspaceId, cardId }));
  }

  @Get('board/cards/:cardId/comments')
  @ApiOperation({ summary: 'Kortets kommentarer, äldst först' })
  async comments(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('cardId', new ZodPipe(UuidParam)) cardId: string,
  ): Promise<{ items: Comment[] }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.comments.list', { actor, workspaceId, cardId }));
  }

  @Post('board/cards/:cardId/comments')
  @ApiOperation({ summary: 'Kommentera ett kort; @Namn Efternamn eller @e-post nämner en medlem' })
  async addComment(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('cardId', new ZodPipe(UuidParam)) cardId: string,
    @Body(new ZodPipe(CommentBody)) body: z.output<typeof CommentBody>,
  ): Promise<Comment> {
    return unwrap(await this.rpc.call('compliance-workflow', 'board.comments.add', { actor, workspaceId, cardId, ...body }));
  }

  @Get('activity')
  @ApiOperation({ summary: 'Aktivitetsloggen (vem, vad, gammalt → nytt, när), nyast först; läsbar för revisorer' })
  @ApiQuery({ name: 'entityType', required: false, enum: ActivityEntitySchema.options })
  @ApiQuery({ name: 'entityId', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor från föregående sida' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  async activity(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Query(new ZodPipe(ActivityQuery)) query: z.output<typeof ActivityQuery>,
  ): Promise<{ items: ActivityEntry[]; nextCursor: string | null }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'activity.list', { actor, workspaceId, ...query }));
  }
}
