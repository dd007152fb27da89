import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { IsoDateSchema, SfsNumberSchema, type Actor, type WorkspaceChange } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { unwrap } from '../http/http-errors';
import { strictBody, UuidParam, ZodPipe } from '../http/zod-query';

const flag = z.enum(['true', 'false'], { error: 'Ange true eller false.' }).transform((v) => v === 'true');

/** GET …/changes: the contract's filter and page as query parameters. */
export const ChangesQuery = z
  .object(
    {
      listId: UuidParam.optional(),
      sfs: SfsNumberSchema.optional(),
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
      substantive: flag.optional(),
      acknowledged: flag.optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().min(1).max(200).default(50),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänd parameter: ${issue.keys.join(', ')}.` : 'Ogiltig fråga.') },
  )
  .strict();

/** POST …/changes/:changeId/acknowledge: `{ comment? }` (the rest comes from the token and the path). */
export const AcknowledgeBody = strictBody({ comment: z.string().trim().max(2000).nullable().optional() });

/**
 * The workspace's law changes (the change feed: which statute on its lists
 * changed, what it flagged "Behöver omprövas", the board card) and the
 * acknowledgement (kvittens). Reading is open to every member, auditors
 * included; acknowledging needs MEMBER.
 */
@ApiTags('register')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('workspaces/:workspaceId/changes')
@ApiParam({ name: 'workspaceId', format: 'uuid' })
@ApiResponse({ status: 400, description: 'Ogiltig begäran; details.issues anger fälten' })
@ApiResponse({ status: 401, description: 'Inte inloggad' })
@ApiResponse({ status: 403, description: 'Inte medlem, eller rollen får inte kvittera' })
@ApiResponse({ status: 404, description: 'Arbetsytan, listan eller lagändringen finns inte' })
export class WorkspaceChangesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Lagändringar som rör arbetsytans laglistor, nyast först, med flaggade krav och kvittens' })
  @ApiQuery({ name: 'listId', required: false, description: 'Bara ändringar som rör den här listan' })
  @ApiQuery({ name: 'sfs', required: false, example: '1977:1160' })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01', description: 'Mottagen från och med (svensk tid)' })
  @ApiQuery({ name: 'to', required: false, example: '2026-12-31', description: 'Mottagen till och med (svensk tid)' })
  @ApiQuery({ name: 'substantive', required: false, enum: ['true', 'false'], description: 'false: bara redaktionella ändringar' })
  @ApiQuery({ name: 'acknowledged', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  async feed(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Query(new ZodPipe(ChangesQuery)) query: z.output<typeof ChangesQuery>,
  ): Promise<{ items: WorkspaceChange[]; nextCursor: string | null }> {
    const { cursor, limit, ...filter } = query;
    return unwrap(await this.rpc.call('compliance-workflow', 'changes.feed', { actor, workspaceId, filter, limit, cursor: cursor ?? null }));
  }

  @Post(':changeId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Kvittera en lagändring, med en valfri kommentar (MEMBER); loggas i aktivitetsloggen' })
  @ApiParam({ name: 'changeId', format: 'uuid', description: 'Arbetsytans ändringspost (WorkspaceChange.id)' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { comment: { type: 'string', maxLength: 2000, nullable: true } } } })
  @ApiResponse({ status: 409, description: 'Redan kvitterad; details.current är posten' })
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Param('changeId', new ZodPipe(UuidParam)) changeId: string,
    @Body(new ZodPipe(AcknowledgeBody)) body: z.output<typeof AcknowledgeBody>,
  ): Promise<WorkspaceChange> {
    return unwrap(
      await this.rpc.call('compliance-workflow', 'changes.acknowledge', { actor, workspaceId, workspaceChangeId: changeId, comment: body.comment ?? null }),
    );
  }
}
