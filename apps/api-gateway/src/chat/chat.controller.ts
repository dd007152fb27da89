import { Body, Controller, HttpCode, HttpException, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SfsNumberSchema } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import type { ApiErrorBody } from '../http/http-errors';
import { ZodPipe } from '../http/zod-query';
import { openApiSchema } from '../openapi';
import { ChatStreamService } from './chat-stream.service';

const ChatBodySchema = z
  .object({
    question: z
      .string({ error: 'Ange en fråga (question).' })
      .trim()
      .min(3, { error: 'Frågan är för kort.' })
      .max(1000, { error: 'Frågan får vara högst 1000 tecken.' }),
    sfs: z.array(SfsNumberSchema, { error: 'sfs ska vara en lista med SFS-nummer.' }).min(1).max(5000).optional(),
  }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänt fält: ${issue.keys.join(', ')}.` : 'Skicka en JSON-kropp med question.') })
  .strict();

const ChatThrottle = z.object({
  /** Questions per client and minute (anonymous until accounts exist). */
  CHAT_THROTTLE_LIMIT: z.coerce.number().int().positive().default(20),
});
/** Read when the guard runs, so the environment of the running process decides. */
const chatLimit = (): number => loadConfig(ChatThrottle).CHAT_THROTTLE_LIMIT;

@ApiTags('chat')
@Controller('chat')
export class ChatController {
  constructor(private readonly chat: ChatStreamService) {}

  @Post()
  @HttpCode(200)
  @Throttle({ default: { limit: chatLimit, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Ställ en fråga om svensk lag; svaret citerar paragrafen eller avböjs',
    description:
      'Med Accept: text/event-stream: Server-Sent Events `token` (text), `citations`, sedan `done` (hela svaret, auktoritativt) ' +
      'eller `error`. En ström som slutar utan `done` är inget svar. Svaret strömmas alltid (ett svar kan ta många sekunder); ' +
      'en klient som bara accepterar något annat får 406.',
  })
  @ApiBody({ schema: { type: 'object', required: ['question'], properties: { question: { type: 'string', example: 'Hur många semesterdagar har en arbetstagare rätt till?' }, sfs: { type: 'array', items: { type: 'string', example: '1977:480' } } } } })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'Server-Sent Events; `done` bär hela svaret', schema: openApiSchema('ChatAnswer') })
  @ApiResponse({ status: 400, description: 'Ogiltig fråga' })
  @ApiResponse({ status: 406, description: 'Klienten accepterar inte text/event-stream' })
  @ApiResponse({ status: 429, description: 'För många frågor' })
  async ask(@Body(new ZodPipe(ChatBodySchema)) body: z.output<typeof ChatBodySchema>, @Req() req: Request, @Res() res: Response): Promise<void> {
    // An answer can take many seconds: it is always streamed, never held back as one JSON body.
    if (!req.accepts('text/event-stream')) {
      const body406: ApiErrorBody = {
        statusCode: 406,
        code: 'NOT_ACCEPTABLE',
        message: 'Svaret skickas som en ström (Server-Sent Events). Ange Accept: text/event-stream.',
      };
      throw new HttpException(body406, 406);
    }
    await this.chat.stream({ question: body.question, ...(body.sfs ? { sfs: body.sfs } : {}) }, res);
  }
}
