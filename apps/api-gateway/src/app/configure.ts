import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { setupOpenApi } from '../openapi';

/** HTTP surface of the gateway; shared by main.ts and the integration tests. */
export function configureGateway(app: INestApplication): void {
  app.setGlobalPrefix('api/v1');
  // Behind the web server, an ingress or a CDN on private networks, req.ip (used
  // by the rate limiter and the logs) is the visitor from X-Forwarded-For.
  (app.getHttpAdapter().getInstance() as { set(key: string, value: unknown): void }).set(
    'trust proxy',
    process.env['TRUST_PROXY'] ?? 'loopback, linklocal, uniquelocal',
  );
  app.use(helmet());
  const origins = (process.env['WEB_ORIGIN'] ?? 'http://localhost:4000').split(',').map((o) => o.trim());
  app.enableCors({ origin: origins, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600 });
  setupOpenApi(app);
}
