import helmet from 'helmet';
import { runService } from '@laglig/service-runtime';
import { AppModule } from './app/app.module';
import { setupOpenApi } from './openapi';

void runService({
  name: 'api-gateway',
  appModule: AppModule,
  defaultPort: 3000,
  configure: (app) => {
    app.setGlobalPrefix('api/v1');
    app.use(helmet());
    const origins = (process.env['WEB_ORIGIN'] ?? 'http://localhost:4000').split(',').map((o) => o.trim());
    app.enableCors({ origin: origins, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600 });
    setupOpenApi(app);
  },
});
