import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { persistence } from '../data-source';
import { LawIndexStateEntity } from '../index-state/law-index-state.entity';
import { IndexStateHandlers } from '../index-state/index-state.handlers';
import { IndexStateService } from '../index-state/index-state.service';

@Module({
  imports: [
    LoggingModule.forService('rag'),
    PersistenceModule.forService(persistence),
    TypeOrmModule.forFeature([LawIndexStateEntity]),
    MessagingModule.forService({ service: 'rag' }),
    SystemHealthModule.forService('rag'),
  ],
  providers: [IndexStateService, IndexStateHandlers],
})
export class AppModule {}
