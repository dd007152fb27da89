import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { SyncService } from './sync.service';

@Injectable()
export class SyncHandlers {
  constructor(private readonly sync: SyncService) {}

  /** Starts a sync (or returns the active run); the run's id identifies its job. */
  @RpcHandler('law-catalog', 'sync.start')
  start(input: MethodParsedInput<'law-catalog', 'sync.start'>): Promise<OperationResult<MethodOutput<'law-catalog', 'sync.start'>>> {
    return this.sync.start(input.mode, 'manual');
  }

  @RpcHandler('law-catalog', 'sync.status')
  status(input: MethodParsedInput<'law-catalog', 'sync.status'>): Promise<OperationResult<MethodOutput<'law-catalog', 'sync.status'>>> {
    return this.sync.status(input.id);
  }
}
