import { Module } from '@nestjs/common';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { persistence } from '../data-source';

@Module({
  imports: [
    LoggingModule.forService('notifier'),
    PersistenceModule.forService(persistence),
    MessagingModule.forService({ service: 'notifier' }),
    SystemHealthModule.forService('notifier'),
  ],
})
export class AppModule {}
