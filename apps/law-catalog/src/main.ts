import { runService } from '@laglig/service-runtime';
import { ServiceModule } from './app/service.module';
import { runIngestCommand } from './cli/ingest';
import { persistence } from './data-source';

void runService({
  name: 'law-catalog',
  appModule: ServiceModule,
  persistence,
  defaultPort: 3001,
  commands: { ingest: (argv) => runIngestCommand(argv) },
});
