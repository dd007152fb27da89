import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { SearchService } from './search.service';

@Injectable()
export class SearchHandlers {
  constructor(private readonly search: SearchService) {}

  @RpcHandler('law-catalog', 'laws.search')
  handle(input: MethodParsedInput<'law-catalog', 'laws.search'>): Promise<OperationResult<MethodOutput<'law-catalog', 'laws.search'>>> {
    return this.search.search(input);
  }
}
