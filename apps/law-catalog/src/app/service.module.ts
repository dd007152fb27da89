import { Module } from '@nestjs/common';
import { MessagingModule } from '@laglig/messaging';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { AppModule } from './app.module';

/** The running service: the domain (AppModule) plus logging, messaging workers and health. */
@Module({
  imports: [
    LoggingModule.forService('law-catalog'),
    MessagingModule.forService({ service: 'law-catalog' }),
    SystemHealthModule.forService('law-catalog'),
    AppModule,
  ],
})
export class ServiceModule {}
