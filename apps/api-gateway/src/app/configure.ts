import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { setupOpenApi } from '../openapi';

/** HTTP surface of the gateway; shared by main.ts and the integration tests. */
export function configureGateway(app: INestApplication): void {
  app.setGlobalPrefix('api/v1');
  app.use(helmet());
  const origins = (process.env['WEB_ORIGIN'] ?? 'http://localhost:4000').split(',').map((o) => o.trim());
  app.enableCors({ origin: origins, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600 });
  setupOpenApi(app);
}
