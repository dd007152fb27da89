import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { DocumentsService } from './documents.service';

type In<M extends 'laws.get' | 'laws.meta' | 'laws.list' | 'laws.amendments'> = MethodParsedInput<'law-catalog', M>;
type Out<M extends 'laws.get' | 'laws.meta' | 'laws.list' | 'laws.amendments'> = Promise<
  OperationResult<MethodOutput<'law-catalog', M>>
>;

/** Request/reply handlers: input is already validated against the contract; one service call each. */
@Injectable()
export class DocumentsHandlers {
  constructor(private readonly documents: DocumentsService) {}

  @RpcHandler('law-catalog', 'laws.get')
  get(input: In<'laws.get'>): Out<'laws.get'> {
    return this.documents.get(input.sfs);
  }

  @RpcHandler('law-catalog', 'laws.meta')
  meta(input: In<'laws.meta'>): Out<'laws.meta'> {
    return this.documents.meta(input.sfs);
  }

  @RpcHandler('law-catalog', 'laws.list')
  list(input: In<'laws.list'>): Out<'laws.list'> {
    return this.documents.list(input);
  }

  @RpcHandler('law-catalog', 'laws.amendments')
  amendments(input: In<'laws.amendments'>): Out<'laws.amendments'> {
    return this.documents.amendments(input.sfs);
  }
}
