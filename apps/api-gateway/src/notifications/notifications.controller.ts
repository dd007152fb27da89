import { Body, Controller, Get, Header, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ErrorCode,
  NotificationPreferencesSchema,
  notifierMethods,
  PreferencesSetInputSchema,
  refuse,
  UnsubscribeResultSchema,
  type Actor,
  type MethodOutput,
  type NotificationPreferences,
} from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { jsonSchema } from '../accounts/accounts-http';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap } from '../http/http-errors';
import { strictBody, ZodPipe } from '../http/zod-query';

/** PUT /me/notifications: the contract's input without the user, which comes from the access token. */
export const PreferencesBody = strictBody(PreferencesSetInputSchema.omit({ userId: true }).shape);
/** The token travels in the query (the List-Unsubscribe URL); other query parameters are ignored. */
export const UnsubscribeQuery = z.object({ token: z.string().max(1000).optional() });
/** RFC 8058 one-click: a form body `List-Unsubscribe=One-Click`; the web page may send `{ token }` instead. */
export const UnsubscribeBody = z
  .object({ token: z.string().max(1000).optional(), 'List-Unsubscribe': z.literal('One-Click').optional() })
  .strict();
export const DigestRunBody = strictBody(notifierMethods['digests.run'].input.shape);
const TokenSchema = notifierMethods.unsubscribe.input;

export const MISSING_TOKEN_MESSAGE = 'Länken saknar sin kod. Använd länken i e-postmeddelandet igen.';

/** The signed-in user's notification preferences (law-change mail). The user comes from the token only. */
@ApiTags('notifications')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('me/notifications')
export class NotificationPreferencesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Mina inställningar för e-post om lagändringar (standard: dagligt sammandrag)' })
  @ApiResponse({ status: 200, schema: jsonSchema(NotificationPreferencesSchema) })
  async get(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return unwrap(await this.rpc.call('notifier', 'preferences.get', { userId: actor.userId }));
  }

  @Put()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Ändra standardfrekvens, frekvens per laglista (null tar bort listans egen) och kritiska lagar' })
  @ApiBody({ schema: jsonSchema(PreferencesBody, 'input') })
  @ApiResponse({ status: 200, schema: jsonSchema(NotificationPreferencesSchema) })
  @ApiResponse({ status: 400, description: 'Ogiltiga fält' })
  async set(@CurrentActor() actor: Actor, @Body(new ZodPipe(PreferencesBody)) body: z.output<typeof PreferencesBody>): Promise<NotificationPreferences> {
    return unwrap(await this.rpc.call('notifier', 'preferences.set', { ...body, userId: actor.userId }));
  }
}

/**
 * One-click unsubscribe (RFC 8058): mail clients POST the List-Unsubscribe URL
 * with the form body `List-Unsubscribe=One-Click`, without cookies or a login;
 * the signed token names the user and what to turn off. The web page
 * /avregistrera posts the same token.
 */
@ApiTags('notifications')
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Avsluta e-post om lagändringar med den signerade länken (en laglista eller alla)' })
  @ApiQuery({ name: 'token', required: false, description: 'Koden från länken i e-postmeddelandet' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: jsonSchema(UnsubscribeBody, 'input'), required: false })
  @ApiResponse({ status: 200, schema: jsonSchema(UnsubscribeResultSchema) })
  @ApiResponse({ status: 400, description: 'Ogiltig eller ändrad länk' })
  async unsubscribe(
    @Query(new ZodPipe(UnsubscribeQuery)) query: z.output<typeof UnsubscribeQuery>,
    @Body(new ZodPipe(UnsubscribeBody)) body: z.output<typeof UnsubscribeBody>,
  ): Promise<MethodOutput<'notifier', 'unsubscribe'>> {
    const token = query.token ?? body.token;
    if (!token) throw new ApiError(refuse(ErrorCode.INVALID_INPUT, MISSING_TOKEN_MESSAGE));
    const input = new ZodPipe(TokenSchema).transform({ token });
    return unwrap(await this.rpc.call('notifier', 'unsubscribe', input));
  }
}

/** The operator runs the digest pass by hand (a missed morning, a test); idempotent per user and day. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/digests')
export class AdminDigestsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('run')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Kör sammandragen som om klockan vore `at` (standard nu); en användare får högst ett per dag' })
  @ApiBody({ schema: jsonSchema(DigestRunBody, 'input'), required: false })
  @ApiResponse({ status: 200, description: '{ period, users, sent, skipped }' })
  @ApiResponse({ status: 403, description: 'Fel token' })
  async run(@Body(new ZodPipe(DigestRunBody)) body: z.output<typeof DigestRunBody>): Promise<MethodOutput<'notifier', 'digests.run'>> {
    // A pass over every subscriber can take longer than an ordinary call; it is idempotent if the caller gives up.
    return unwrap(await this.rpc.call('notifier', 'digests.run', body, { timeoutMs: 120_000 }));
  }
}
