import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { MethodOutput } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { unwrap } from '../http/http-errors';
import { ZodPipe } from '../http/zod-query';
import { AdminWorkspacesQuery } from './accounts-http';

/** The platform operator's view of the tenants (admin token; no membership involved). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/workspaces')
export class AdminWorkspacesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Alla arbetsytor, nyaste först, med antal medlemmar (markör för nästa sida)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiResponse({ status: 200, description: '{ items: [{ id, name, createdAt, memberCount }], nextCursor }' })
  @ApiResponse({ status: 403, description: 'Fel token' })
  async list(
    @Query(new ZodPipe(AdminWorkspacesQuery)) query: z.output<typeof AdminWorkspacesQuery>,
  ): Promise<MethodOutput<'compliance-workflow', 'admin.workspaces.list'>> {
    return unwrap(await this.rpc.call('compliance-workflow', 'admin.workspaces.list', { cursor: query.cursor ?? null, limit: query.limit }));
  }
}
