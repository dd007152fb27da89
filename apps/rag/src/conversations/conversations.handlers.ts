import { Injectable } from '@nestjs/common';
import type { MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { ConversationsService } from './conversations.service';

/** The user's chat history; the gateway supplies userId from the verified access token only. */
@Injectable()
export class ConversationsHandlers {
  constructor(private readonly conversations: ConversationsService) {}

  @RpcHandler('rag', 'conversations.list')
  list(input: MethodParsedInput<'rag', 'conversations.list'>): Promise<OperationResult<MethodOutput<'rag', 'conversations.list'>>> {
    return this.conversations.list(input);
  }

  @RpcHandler('rag', 'conversations.get')
  get(input: MethodParsedInput<'rag', 'conversations.get'>): Promise<OperationResult<MethodOutput<'rag', 'conversations.get'>>> {
    return this.conversations.get(input.userId, input.conversationId);
  }

  @RpcHandler('rag', 'conversations.delete')
  delete(input: MethodParsedInput<'rag', 'conversations.delete'>): Promise<OperationResult<MethodOutput<'rag', 'conversations.delete'>>> {
    return this.conversations.delete(input.userId, input.conversationId);
  }
}
