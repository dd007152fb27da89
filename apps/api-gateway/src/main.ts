import { runService } from '@laglig/service-runtime';
import { AppModule } from './app/app.module';
import { configureGateway } from './app/configure';

void runService({ name: 'api-gateway', appModule: AppModule, defaultPort: 3000, configure: configureGateway });
