import { Controller, Get, Inject, Injectable, Module, Optional, Res, type DynamicModule, type Type } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { succeed, type Health, type OperationResult, type WorkerServiceName } from '@laglig/contracts';
import { MESSAGING_CONNECTION, RpcHandler, type MessagingConnection } from '@laglig/messaging';
import { MetricsController, startDefaultMetrics } from './metrics';

type Check = Health['checks'][string];

async function timed(fn: () => Promise<unknown>, timeoutMs = 1000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : 'unknown error' };
  } finally {
    clearTimeout(timer);
  }
}

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** PostgreSQL and Redis as this process sees them. */
@Injectable()
export class SystemHealthService {
  private readonly redis: Redis;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(MESSAGING_CONNECTION) connection: MessagingConnection,
    @Optional() private readonly dataSource?: DataSource,
  ) {
    this.redis = new Redis({ ...connection.redis, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<Health> {
    const checks: Record<string, Check> = {};
    const dataSource = this.dataSource;
    if (dataSource) checks['postgres'] = await timed(() => dataSource.query('SELECT 1'));
    checks['redis'] = await timed(async () => {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await this.redis.ping();
    });
    const down = Object.values(checks).some((c) => c.status === 'down');
    return { service: this.service, status: down ? 'degraded' : 'ok', checks, uptimeSeconds: Math.round(process.uptime()) };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

/** GET /health on the worker's small HTTP port (Kubernetes probes). */
@Controller('health')
class HealthController {
  constructor(private readonly health: SystemHealthService) {}

  @Get()
  async get(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const health = await this.health.check();
    if (health.status !== 'ok') res.status(503);
    return health;
  }
}

function rpcHealthHandler(service: WorkerServiceName): Type<unknown> {
  @Injectable()
  class SystemHandlers {
    constructor(private readonly healthService: SystemHealthService) {}

    @RpcHandler(service, 'system.health')
    async health(): Promise<OperationResult<Health>> {
      return succeed(await this.healthService.check());
    }
  }
  return SystemHandlers;
}

/**
 * Health for a worker service: the `system.health` request/reply method the
 * gateway aggregates, GET /health for probes and GET /metrics for Prometheus. Needs the MessagingModule
 * and, when the service has a database, the PersistenceModule.
 */
@Module({})
export class SystemHealthModule {
  static forService(service: WorkerServiceName): DynamicModule {
    startDefaultMetrics(service);
    return {
      module: SystemHealthModule,
      controllers: [HealthController, MetricsController],
      providers: [{ provide: SERVICE_NAME, useValue: service }, SystemHealthService, rpcHealthHandler(service)],
      exports: [SystemHealthService],
    };
  }
}
