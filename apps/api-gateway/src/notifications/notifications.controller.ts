import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  DigestRunSchema,
  ErrorCode,
  NotificationPreferencesSchema,
  notifierMethods,
  PreferencesSetInputSchema,
  refuse,
  UnsubscribeResultSchema,
  type Actor,
  type DigestRun,
  type MethodOutput,
  type NotificationPreferences,
} from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { jsonSchema } from '../accounts/accounts-http';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap } from '../http/http-errors';
import { strictBody, UuidParam, ZodPipe } from '../http/zod-query';
import { openApiOf } from '../laws/openapi-of';

/** PUT /me/notifications: the contract's input without the user, which comes from the access token. */
export const PreferencesBody = strictBody(PreferencesSetInputSchema.omit({ userId: true }).shape);
/** The token travels in the query (the List-Unsubscribe URL); other query parameters are ignored. */
export const UnsubscribeQuery = z.object({ token: z.string().max(1000).optional() });
/** RFC 8058 one-click: a form body `List-Unsubscribe=One-Click`; the web page may send `{ token }` instead. */
export const UnsubscribeBody = z
  .object({ token: z.string().max(1000).optional(), 'List-Unsubscribe': z.literal('One-Click').optional() })
  .strict();
export const DigestStartBody = strictBody(notifierMethods['digests.start'].input.shape);
/** GET /admin/digests/runs?limit=… (other query parameters are ignored). */
export const DigestRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
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

/** Where a digest run is followed (the `Location` of a started run). */
export const digestRunPath = (id: string): string => `/api/v1/admin/digests/runs/${id}`;

/**
 * The operator's digest pass (notifier `digests.start` / `digests.status`):
 * starting answers at once with the queued run (202 and its `Location`; the
 * pass runs as a job in the notifier, the same code as the 08:00 schedule),
 * and the run is followed by polling. Idempotent per user and day: a second
 * run mails nobody twice. Same guard as the other admin endpoints: 404
 * without ADMIN_API_TOKEN, 403 with a missing or wrong token.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/digests')
export class AdminDigestsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('run')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Starta en körning av sammandragen som om klockan vore `at` (standard nu); en användare får högst ett per dag' })
  @ApiBody({ schema: jsonSchema(DigestStartBody, 'input'), required: false })
  @ApiResponse({ status: 202, schema: openApiOf(DigestRunSchema), description: 'Körningen (köad); följ den på GET /admin/digests/runs/:id (Location)' })
  @ApiResponse({ status: 400, description: 'Ogiltiga fält' })
  @ApiResponse({ status: 403, description: 'Fel token' })
  async start(@Body(new ZodPipe(DigestStartBody)) body: z.output<typeof DigestStartBody>, @Res({ passthrough: true }) res: Response): Promise<DigestRun> {
    const run = unwrap(await this.rpc.call('notifier', 'digests.start', body));
    res.location(digestRunPath(run.id));
    return run;
  }

  @Get('runs')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'De senaste körningarna av sammandragen (schemalagda och manuella), nyaste först' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiResponse({ status: 200, schema: openApiOf(z.object({ items: z.array(DigestRunSchema) })) })
  async list(@Query(new ZodPipe(DigestRunsQuery)) query: z.output<typeof DigestRunsQuery>): Promise<MethodOutput<'notifier', 'digests.list'>> {
    return unwrap(await this.rpc.call('notifier', 'digests.list', query));
  }

  @Get('runs/:id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'En körning av sammandragen: status, tider och antal' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, schema: openApiOf(DigestRunSchema) })
  @ApiResponse({ status: 400, description: 'Ogiltigt id' })
  @ApiResponse({ status: 404, description: 'Okänd körning' })
  async get(@Param('id', new ZodPipe(UuidParam)) id: string): Promise<DigestRun> {
    return unwrap(await this.rpc.call('notifier', 'digests.status', { id }));
  }
}
