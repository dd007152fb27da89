import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SfsNumberSchema } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { unwrap } from '../http/http-errors';
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
      'eller `error`. En ström som slutar utan `done` är inget svar. Annars hela svaret som JSON.',
  })
  @ApiBody({ schema: { type: 'object', required: ['question'], properties: { question: { type: 'string', example: 'Hur många semesterdagar har en arbetstagare rätt till?' }, sfs: { type: 'array', items: { type: 'string', example: '1977:480' } } } } })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiResponse({ status: 200, schema: openApiSchema('ChatAnswer') })
  @ApiResponse({ status: 400, description: 'Ogiltig fråga' })
  @ApiResponse({ status: 429, description: 'För många frågor' })
  async ask(@Body(new ZodPipe(ChatBodySchema)) body: z.output<typeof ChatBodySchema>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const input = { question: body.question, ...(body.sfs ? { sfs: body.sfs } : {}) };
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      await this.chat.stream(input, res);
      return;
    }
    res.json(unwrap(await this.chat.ask(input)));
  }
}
