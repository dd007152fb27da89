import { Controller, Get, Logger, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { decode } from 'jsonwebtoken';
import { z } from 'zod';
import { ErrorCode, RealtimeEventSchema, type Actor } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap } from '../http/http-errors';
import { UuidParam, ZodPipe } from '../http/zod-query';
import { RealtimeHub } from './realtime-hub.service';

export const RealtimeConfigSchema = z.object({
  /** Comment lines that keep proxies and load balancers from closing a quiet stream. */
  REALTIME_KEEPALIVE_MS: z.coerce.number().int().min(50).default(15_000),
  /** How often an open stream re-checks that the caller is still a member. */
  REALTIME_RECHECK_MS: z.coerce.number().int().min(50).default(60_000),
});

/** A client that does not read its stream (more than this buffered) is cut off; it reconnects and reloads. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Server-Sent Events of one workspace: `ready` first, then every committed
 * change (`card.moved`, `comment.added`, …; `data` is the RealtimeEvent).
 * The bearer token is read from the Authorization header (the web client
 * streams with fetch, not EventSource). Before the stream opens the caller's
 * membership is checked over RPC (`workspaces.access`: 404 / 403 as usual);
 * while it is open, membership is re-checked every REALTIME_RECHECK_MS and
 * the stream ends with an `error` event when access is gone, and at the
 * latest when the access token expires (the client reconnects with a fresh
 * one).
 */
@ApiTags('board')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('workspaces/:workspaceId/events')
export class WorkspaceEventsController {
  private readonly logger = new Logger(WorkspaceEventsController.name);
  private readonly config = loadConfig(RealtimeConfigSchema);

  constructor(
    private readonly rpc: RpcClient,
    private readonly hub: RealtimeHub,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Händelser i realtid för arbetsytan (Server-Sent Events)',
    description:
      'Först `ready` ({ workspaceId, role }), sedan varje ändring: `card.created|card.updated|card.moved|card.deleted`, ' +
      '`column.created|column.updated|column.deleted`, `comment.added`, `requirement.updated`, `list.updated`, `member.updated` ' +
      'med data = RealtimeEvent. Kommentarsrader håller anslutningen vid liv. `error` ({ code, message }) när behörigheten ' +
      'upphört eller token gått ut; strömmen avslutas då. Efter återanslutning: ladda om tavlan.',
  })
  @ApiParam({ name: 'workspaceId', format: 'uuid' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'Server-Sent Events' })
  @ApiResponse({ status: 401, description: 'Inte inloggad' })
  @ApiResponse({ status: 403, description: 'Inte medlem i arbetsytan' })
  @ApiResponse({ status: 404, description: 'Arbetsytan finns inte' })
  @ApiResponse({ status: 503, description: 'Realtidstjänsten är inte tillgänglig' })
  async stream(
    @CurrentActor() actor: Actor,
    @Param('workspaceId', new ZodPipe(UuidParam)) workspaceId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { role } = unwrap(await this.rpc.call('compliance-workflow', 'workspaces.access', { actor, workspaceId }));

    let closed = false;
    // Messages that arrive before the headers are out (same Redis read as the subscribe reply) wait here.
    let opened = false;
    const early: string[] = [];
    const timers: { keepAlive?: NodeJS.Timeout; recheck?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
    let unsubscribe: (() => void) | undefined;
    const write = (chunk: string): void => {
      if (closed) return;
      if (!opened) {
        early.push(chunk);
        return;
      }
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) end();
    };
    const send = (event: string, data: unknown): void => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const end = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(timers.keepAlive);
      clearTimeout(timers.recheck);
      clearTimeout(timers.expiry);
      unsubscribe?.();
      res.off('close', end);
      if (!res.writableEnded) res.end();
    };

    try {
      unsubscribe = await this.hub.subscribe(workspaceId, {
        message: (raw) => {
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch {
            return;
          }
          const event = RealtimeEventSchema.safeParse(json);
          if (!event.success || event.data.workspaceId !== workspaceId) return;
          send(event.data.type, event.data);
        },
        lost: end,
      });
    } catch (err) {
      this.logger.warn(`event stream not opened: ${err instanceof Error ? err.message : String(err)}`);
      throw new ApiError({ ok: false, code: ErrorCode.UNAVAILABLE, message: 'Realtidsuppdateringar är inte tillgängliga just nu. Försök igen om en stund.' });
    }
    if (req.destroyed) {
      // The client left while we were subscribing.
      unsubscribe();
      return;
    }

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.on('close', end);
    opened = true;
    send('ready', { workspaceId, role });
    for (const chunk of early.splice(0)) write(chunk);

    timers.keepAlive = setInterval(() => write(': keep-alive\n\n'), this.config.REALTIME_KEEPALIVE_MS);
    const scheduleRecheck = (): void => {
      timers.recheck = setTimeout(() => void this.recheck(actor, workspaceId, send, end).then(() => !closed && scheduleRecheck()), this.config.REALTIME_RECHECK_MS);
    };
    scheduleRecheck();
    const exp = this.tokenExpiry(req);
    if (exp !== null) {
      // setTimeout holds at most ~24.8 days; access tokens live minutes.
      timers.expiry = setTimeout(() => {
        send('error', { code: ErrorCode.UNAUTHENTICATED, message: 'Du behöver logga in igen.' });
        end();
      }, Math.min(Math.max(exp - Date.now(), 0), 2 ** 31 - 1));
    }
  }

  /** Ends the stream when the caller is no longer a member (or the workspace is gone); a passing outage keeps it open. */
  private async recheck(actor: Actor, workspaceId: string, send: (event: string, data: unknown) => void, end: () => void): Promise<void> {
    const result = await this.rpc.call('compliance-workflow', 'workspaces.access', { actor, workspaceId });
    if (result.ok) return;
    if (result.code === ErrorCode.FORBIDDEN || result.code === ErrorCode.NOT_FOUND || result.code === ErrorCode.UNAUTHENTICATED) {
      send('error', { code: result.code, message: result.message });
      end();
    }
  }

  /** When the (already verified) bearer token expires, in epoch ms. */
  private tokenExpiry(req: Request): number | null {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const claims = token ? decode(token, { json: true }) : null;
    return typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
  }
}
