import { runService } from '@laglig/service-runtime';
import { AppModule } from './app/app.module';
import { persistence } from './data-source';

void runService({ name: 'notifier', appModule: AppModule, persistence, defaultPort: 3004 });
