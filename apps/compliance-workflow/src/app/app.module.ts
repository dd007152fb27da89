import { Module } from '@nestjs/common';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { CoreModule } from '../access/core.module';
import { AccountsModule } from '../accounts/accounts.module';
import { BoardModule } from '../board/board.module';
import { persistence } from '../data-source';
import { RegisterModule } from '../register/register.module';

@Module({
  imports: [
    LoggingModule.forService('compliance-workflow'),
    PersistenceModule.forService(persistence),
    MessagingModule.forService({ service: 'compliance-workflow' }),
    SystemHealthModule.forService('compliance-workflow'),
    CoreModule,
    AccountsModule,
    RegisterModule,
    BoardModule,
  ],
})
export class AppModule {}
