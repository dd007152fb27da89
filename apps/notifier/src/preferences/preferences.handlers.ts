import { Injectable } from '@nestjs/common';
import { succeed, type MethodOutput, type MethodParsedInput, type OperationResult } from '@laglig/contracts';
import { RpcHandler } from '@laglig/messaging';
import { PreferencesService } from './preferences.service';

/** preferences.get / preferences.set / unsubscribe (the gateway's /me/notifications and /unsubscribe). */
@Injectable()
export class PreferencesHandlers {
  constructor(private readonly preferences: PreferencesService) {}

  @RpcHandler('notifier', 'preferences.get')
  async get(input: MethodParsedInput<'notifier', 'preferences.get'>): Promise<OperationResult<MethodOutput<'notifier', 'preferences.get'>>> {
    return succeed(await this.preferences.get(input.userId));
  }

  @RpcHandler('notifier', 'preferences.set')
  async set(input: MethodParsedInput<'notifier', 'preferences.set'>): Promise<OperationResult<MethodOutput<'notifier', 'preferences.set'>>> {
    return succeed(await this.preferences.set(input));
  }

  @RpcHandler('notifier', 'unsubscribe')
  async unsubscribe(input: MethodParsedInput<'notifier', 'unsubscribe'>): Promise<OperationResult<MethodOutput<'notifier', 'unsubscribe'>>> {
    return this.preferences.unsubscribe(input.token);
  }
}
