import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type IndexJob, type RagIndexStatus } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { unwrap } from '../http/http-errors';

/** The answer index of the rag service: what it holds and the latest re-index job. */
@ApiTags('index')
@Controller()
export class SearchIndexController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('index')
  @ApiOperation({ summary: 'Svarsindexets status och senaste omindexering' })
  async status(): Promise<{ index: RagIndexStatus; job: IndexJob | null }> {
    const [index, job] = await Promise.all([this.rpc.call('rag', 'index.status', {}), this.rpc.call('rag', 'index.progress', {})]);
    if (!job.ok && job.code !== ErrorCode.NOT_FOUND) unwrap(job);
    return { index: unwrap(index), job: job.ok ? job.value : null };
  }

  @Post('admin/index/rebuild')
  @HttpCode(202)
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Starta omindexering av hela katalogen (eller visa den som pågår)' })
  @ApiResponse({ status: 202, description: 'Jobbet med förlopp; följ det på GET /index' })
  @ApiResponse({ status: 403, description: 'Fel token' })
  async rebuild(): Promise<IndexJob> {
    return unwrap(await this.rpc.call('rag', 'index.rebuild', {}));
  }
}
