import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { IndexJobsService } from './index-jobs.service';

@Injectable()
export class IndexJobsHandlers {
  constructor(private readonly jobs: IndexJobsService) {}

  @RpcHandler('rag', 'index.rebuild')
  rebuild(): Promise<OperationResult<MethodOutput<'rag', 'index.rebuild'>>> {
    return this.jobs.start();
  }

  @RpcHandler('rag', 'index.progress')
  progress(input: MethodParsedInput<'rag', 'index.progress'>): Promise<OperationResult<MethodOutput<'rag', 'index.progress'>>> {
    return this.jobs.progress(input.jobId);
  }
}
