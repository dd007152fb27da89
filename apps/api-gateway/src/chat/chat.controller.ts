import { Body, Controller, Delete, Get, Header, HttpCode, HttpException, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  ConversationSchema,
  ConversationSummarySchema,
  ErrorCode,
  SfsNumberSchema,
  type Actor,
  type ChatAskInput,
  type Conversation,
  type ConversationSummary,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap, type ApiErrorBody } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import { openApiSchema } from '../openapi';
import { ChatScopeResolver } from './chat-scope';
import { ChatStreamService } from './chat-stream.service';
import { OptionalActor, OptionalJwtAuthGuard } from './optional-jwt.guard';

const Uuid = (field: string) => z.string({ error: `${field} ska vara ett UUID.` }).uuid({ error: `${field} ska vara ett UUID.` });

const ChatBodySchema = z
  .object({
    question: z
      .string({ error: 'Ange en fråga (question).' })
      .trim()
      .min(3, { error: 'Frågan är för kort.' })
      .max(1000, { error: 'Frågan får vara högst 1000 tecken.' }),
    sfs: z.array(SfsNumberSchema, { error: 'sfs ska vara en lista med SFS-nummer.' }).min(1).max(5000).optional(),
    /** Signed in: ask in this workspace (its law lists restrict the answer unless scope is 'all'). */
    workspaceId: Uuid('workspaceId').optional(),
    /** Signed in: continue this conversation. */
    conversationId: Uuid('conversationId').optional(),
    scope: z.enum(['list', 'all'], { error: "scope ska vara 'list' eller 'all'." }).optional(),
  }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänt fält: ${issue.keys.join(', ')}.` : 'Skicka en JSON-kropp med question.') })
  .strict()
  .superRefine((body, ctx) => {
    if (body.scope && !body.workspaceId) ctx.addIssue({ code: 'custom', path: ['scope'], message: 'scope gäller bara frågor i en arbetsyta (workspaceId).' });
    if (body.sfs && body.workspaceId) ctx.addIssue({ code: 'custom', path: ['sfs'], message: 'Ange antingen sfs eller workspaceId, inte båda.' });
  });
type ChatBody = z.output<typeof ChatBodySchema>;

const ConversationsQuery = z
  .object(
    {
      workspaceId: Uuid('workspaceId').optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number({ error: 'limit måste vara ett heltal' }).int().min(1).max(100).default(20),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänd parameter: ${issue.keys.join(', ')}.` : 'Ogiltig fråga.') },
  )
  .strict();

const ChatThrottle = z.object({
  /** Questions per minute: per signed-in user, or per address for anonymous questions (app.module: rateLimitTracker). */
  CHAT_THROTTLE_LIMIT: z.coerce.number().int().positive().default(20),
});
/** Read when the guard runs, so the environment of the running process decides. */
const chatLimit = (): number => loadConfig(ChatThrottle).CHAT_THROTTLE_LIMIT;

const jsonSchema = (schema: z.ZodType) => {
  const s = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  delete s['$schema'];
  return s;
};

const SIGN_IN_MESSAGE = 'Logga in för att fråga i en arbetsyta eller fortsätta en konversation.';

/**
 * The chat (`POST /chat`, anonymous or signed in) and the signed-in user's
 * conversations (`/conversations`). One controller so the chat folder is
 * self-contained; conversation ids and user ids never come from the client
 * for access — the user id is the verified token's subject.
 */
@ApiTags('chat')
@Controller()
export class ChatController {
  private readonly scopes: ChatScopeResolver;

  constructor(
    private readonly chat: ChatStreamService,
    private readonly rpc: RpcClient,
  ) {
    this.scopes = new ChatScopeResolver(rpc);
  }

  @Post('chat')
  @HttpCode(200)
  @UseGuards(OptionalJwtAuthGuard)
  @Throttle({ default: { limit: chatLimit, ttl: 60_000 } })
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Ställ en fråga om svensk lag; svaret citerar paragrafen eller avböjs',
    description:
      'Med Accept: text/event-stream: Server-Sent Events `token` (text), `citations`, sedan `done` (hela svaret, auktoritativt) ' +
      'eller `error`. En ström som slutar utan `done` är inget svar. Svaret strömmas alltid (ett svar kan ta många sekunder); ' +
      'en klient som bara accepterar något annat får 406. Utan Authorization-huvud är frågan anonym och sparas inte. ' +
      'Inloggad (Bearer-token; en ogiltig eller utgången token ger 401) sparas frågan och svaret i en konversation: ' +
      'händelsen `conversation` ({ conversationId, title, created }) kommer före texten och `done` bär conversationId; ' +
      'skicka conversationId för att fortsätta den. Med workspaceId begränsas svaret till arbetsytans laglistor ' +
      "(scope 'list', standard; aktiva SFS-lagar i alla listor) eller alla lagar (scope 'all'); händelsen `scope` kommer först. " +
      'Följdfrågor söks på den aktuella frågan enbart; tidigare frågor används inte vid sökningen.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['question'],
      properties: {
        question: { type: 'string', example: 'Hur många semesterdagar har en arbetstagare rätt till?' },
        sfs: { type: 'array', items: { type: 'string', example: '1977:480' } },
        workspaceId: { type: 'string', format: 'uuid' },
        conversationId: { type: 'string', format: 'uuid' },
        scope: { type: 'string', enum: ['list', 'all'] },
      },
    },
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'Server-Sent Events; `done` bär hela svaret', schema: openApiSchema('ChatAnswer') })
  @ApiResponse({ status: 400, description: 'Ogiltig fråga' })
  @ApiResponse({ status: 401, description: 'Ogiltig eller utgången token, eller workspaceId/conversationId utan inloggning' })
  @ApiResponse({ status: 403, description: 'Inte medlem i arbetsytan' })
  @ApiResponse({ status: 404, description: 'Arbetsytan eller konversationen finns inte' })
  @ApiResponse({ status: 406, description: 'Klienten accepterar inte text/event-stream' })
  @ApiResponse({ status: 429, description: 'För många frågor' })
  async ask(@Body(new ZodPipe(ChatBodySchema)) body: ChatBody, @OptionalActor() actor: Actor | null, @Req() req: Request, @Res() res: Response): Promise<void> {
    // An answer can take many seconds: it is always streamed, never held back as one JSON body.
    if (!req.accepts('text/event-stream')) {
      const body406: ApiErrorBody = {
        statusCode: 406,
        code: 'NOT_ACCEPTABLE',
        message: 'Svaret skickas som en ström (Server-Sent Events). Ange Accept: text/event-stream.',
      };
      throw new HttpException(body406, 406);
    }
    if (!actor) {
      if (body.workspaceId || body.conversationId) throw new ApiError({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: SIGN_IN_MESSAGE });
      await this.chat.stream({ question: body.question, ...(body.sfs ? { sfs: body.sfs } : {}) }, res);
      return;
    }

    // Workspace access first (compliance-workflow answers 404 / 403), then the conversation.
    const resolved = body.workspaceId ? await this.scopes.resolve(actor, body.workspaceId, body.scope ?? 'list') : null;
    if (body.conversationId) {
      const conversation = unwrap(await this.rpc.call('rag', 'conversations.get', { userId: actor.userId, conversationId: body.conversationId }));
      if ((conversation.workspaceId ?? undefined) !== body.workspaceId) {
        throw new ApiError({
          ok: false,
          code: ErrorCode.INVALID_INPUT,
          message: conversation.workspaceId ? 'Konversationen hör till en annan arbetsyta.' : 'Konversationen hör inte till någon arbetsyta.',
        });
      }
    }
    const sfs = resolved ? resolved.sfs : body.sfs;
    const input: ChatAskInput = {
      question: body.question,
      userId: actor.userId,
      ...(sfs ? { sfs } : {}),
      ...(body.workspaceId ? { workspaceId: body.workspaceId } : {}),
      ...(body.conversationId ? { conversationId: body.conversationId } : {}),
    };
    await this.chat.stream(input, res, resolved ? [{ event: 'scope', data: resolved.scope }] : []);
  }

  /* ------------------------------------------------------------ conversations */

  @Get('conversations')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mina konversationer, senast använda först (sidor med cursor)' })
  @ApiQuery({ name: 'workspaceId', required: false, description: 'Bara konversationer i denna arbetsyta' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–100, standard 20' })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { items: { type: 'array', items: jsonSchema(ConversationSummarySchema) }, nextCursor: { type: 'string', nullable: true } } } })
  @ApiResponse({ status: 401, description: 'Inte inloggad' })
  async conversations(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(ConversationsQuery)) query: z.output<typeof ConversationsQuery>,
  ): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
    return unwrap(await this.rpc.call('rag', 'conversations.list', { userId: actor.userId, ...query }));
  }

  @Get('conversations/:conversationId')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOperation({ summary: 'En konversation med frågor och svar (med citat) i ordning' })
  @ApiResponse({ status: 200, schema: jsonSchema(ConversationSchema) })
  @ApiResponse({ status: 401, description: 'Inte inloggad' })
  @ApiResponse({ status: 404, description: 'Konversationen finns inte (eller är någon annans)' })
  async conversation(@CurrentActor() actor: Actor, @Param('conversationId', new ZodPipe(UuidParam)) conversationId: string): Promise<Conversation> {
    return unwrap(await this.rpc.call('rag', 'conversations.get', { userId: actor.userId, conversationId }));
  }

  @Delete('conversations/:conversationId')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOperation({ summary: 'Radera en konversation med alla dess frågor och svar' })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { deleted: { type: 'boolean', enum: [true] } } } })
  @ApiResponse({ status: 401, description: 'Inte inloggad' })
  @ApiResponse({ status: 404, description: 'Konversationen finns inte (eller är någon annans)' })
  async deleteConversation(@CurrentActor() actor: Actor, @Param('conversationId', new ZodPipe(UuidParam)) conversationId: string): Promise<{ deleted: true }> {
    return unwrap(await this.rpc.call('rag', 'conversations.delete', { userId: actor.userId, conversationId }));
  }
}
