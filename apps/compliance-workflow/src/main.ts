import { runService } from '@laglig/service-runtime';
import { AppModule } from './app/app.module';
import { persistence } from './data-source';

void runService({ name: 'compliance-workflow', appModule: AppModule, persistence, defaultPort: 3003 });
