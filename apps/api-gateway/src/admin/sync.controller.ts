import { Body, Controller, Get, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SyncModeSchema, SyncRunSchema, type SyncRun } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe, strictBody } from '../http/zod-query';
import { openApiOf } from '../laws/openapi-of';
import { AdminTokenGuard } from './admin-token.guard';

const SyncStartBody = strictBody({ mode: SyncModeSchema.default('incremental') });

/**
 * The operator's catalog sync (law-catalog `sync.start` / `sync.status`):
 * starting returns at once with the run (202; the work runs as a job), and the
 * run is followed by polling. Same guard as the other admin endpoints: 404
 * without ADMIN_API_TOKEN, 403 with a wrong token.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/sync')
export class AdminSyncController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Starta en synkronisering mot Riksdagen (eller visa den som pågår)' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { mode: { type: 'string', enum: SyncModeSchema.options, default: 'incremental' } } } })
  @ApiResponse({ status: 202, schema: openApiOf(SyncRunSchema), description: 'Körningen; följ den på GET /admin/sync/:id' })
  @ApiResponse({ status: 403, description: 'Fel token' })
  async start(@Body(new ZodPipe(SyncStartBody)) body: z.output<typeof SyncStartBody>): Promise<SyncRun> {
    return unwrap(await this.rpc.call('law-catalog', 'sync.start', { mode: body.mode }));
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Den senaste synkroniseringen' })
  @ApiResponse({ status: 200, schema: openApiOf(SyncRunSchema) })
  @ApiResponse({ status: 404, description: 'Ingen körning ännu' })
  async latest(): Promise<SyncRun> {
    return unwrap(await this.rpc.call('law-catalog', 'sync.status', {}));
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'En synkronisering' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, schema: openApiOf(SyncRunSchema) })
  @ApiResponse({ status: 404, description: 'Okänd körning' })
  async get(@Param('id', new ZodPipe(UuidParam)) id: string): Promise<SyncRun> {
    return unwrap(await this.rpc.call('law-catalog', 'sync.status', { id }));
  }
}
