import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { RetrievalService } from './retrieval.service';

/** Thin request/reply handlers: the contract has validated the input. */
@Injectable()
export class RetrievalHandlers {
  constructor(private readonly retrieval: RetrievalService) {}

  @RpcHandler('rag', 'retrieval.search')
  search(input: MethodParsedInput<'rag', 'retrieval.search'>): Promise<OperationResult<MethodOutput<'rag', 'retrieval.search'>>> {
    return this.retrieval.search({ query: input.query, k: input.k, ...(input.sfs ? { sfs: input.sfs } : {}) });
  }

  @RpcHandler('rag', 'index.status')
  status(): Promise<OperationResult<MethodOutput<'rag', 'index.status'>>> {
    return this.retrieval.status();
  }
}
