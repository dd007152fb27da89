import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { ChangesService } from './changes.service';

type M = 'laws.versions' | 'laws.diff' | 'changes.list' | 'changes.get';
type In<N extends M> = MethodParsedInput<'law-catalog', N>;
type Out<N extends M> = Promise<OperationResult<MethodOutput<'law-catalog', N>>>;

/** Request/reply handlers of change monitoring (input validated against the contract). */
@Injectable()
export class ChangesHandlers {
  constructor(private readonly changes: ChangesService) {}

  @RpcHandler('law-catalog', 'laws.versions')
  versions(input: In<'laws.versions'>): Out<'laws.versions'> {
    return this.changes.versions(input.sfs);
  }

  @RpcHandler('law-catalog', 'laws.diff')
  diff(input: In<'laws.diff'>): Out<'laws.diff'> {
    return this.changes.diff(input);
  }

  @RpcHandler('law-catalog', 'changes.list')
  list(input: In<'changes.list'>): Out<'changes.list'> {
    return this.changes.list(input);
  }

  @RpcHandler('law-catalog', 'changes.get')
  get(input: In<'changes.get'>): Out<'changes.get'> {
    return this.changes.get(input.id);
  }
}
