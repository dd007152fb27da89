import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import type { WorkerServiceName } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { ResponseCache } from '../cache/response-cache.service';

const SERVICES: WorkerServiceName[] = ['law-catalog', 'rag', 'compliance-workflow', 'notifier'];

interface ServiceHealth {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
  checks?: Record<string, { status: 'up' | 'down'; detail?: string }>;
}

@ApiTags('system')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly cache: ResponseCache,
  ) {}

  /** Every service answers over BullMQ (which also proves Redis), each reporting its PostgreSQL and Redis. */
  @Get()
  @ApiOperation({ summary: 'Hälsa för gatewayen och varje tjänst (via BullMQ), PostgreSQL och Redis' })
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'degraded'; services: Record<string, ServiceHealth> }> {
    const results = await Promise.all(
      SERVICES.map(async (service): Promise<[string, ServiceHealth]> => {
        const r = await this.rpc.call(service, 'system.health', {}, { timeoutMs: 2000 });
        if (!r.ok) return [service, { status: 'down', detail: r.message }];
        return [service, { status: r.value.status, checks: r.value.checks }];
      }),
    );
    const services = Object.fromEntries(results);
    const ok = results.every(([, h]) => h.status === 'ok');
    res.status(ok ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    return { status: ok ? 'ok' : 'degraded', services };
  }
}
