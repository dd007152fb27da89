import { Module } from '@nestjs/common';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { persistence } from '../data-source';

@Module({
  imports: [
    LoggingModule.forService('compliance-workflow'),
    PersistenceModule.forService(persistence),
    MessagingModule.forService({ service: 'compliance-workflow' }),
    SystemHealthModule.forService('compliance-workflow'),
  ],
})
export class AppModule {}
