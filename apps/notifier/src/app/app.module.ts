import { Module } from '@nestjs/common';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { loadNotifierConfig, NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { persistence } from '../data-source';
import { MailHandlers } from '../mail/mail.handlers';
import { MailOutbox } from '../mail/mail-outbox.service';
import { MailSender } from '../mail/mail-sender.service';
import { createMailTransport, MAIL_TRANSPORT } from '../mail/mail-transport';

@Module({
  imports: [
    LoggingModule.forService('notifier'),
    PersistenceModule.forService(persistence),
    MessagingModule.forService({ service: 'notifier' }),
    SystemHealthModule.forService('notifier'),
  ],
  providers: [
    // Read when the app is created (not on import), so a bad value stops the start with the variable's name.
    { provide: NOTIFIER_CONFIG, useFactory: () => loadNotifierConfig() },
    { provide: MAIL_TRANSPORT, inject: [NOTIFIER_CONFIG], useFactory: (config: NotifierConfig) => createMailTransport(config) },
    MailOutbox,
    MailSender,
    MailHandlers,
  ],
})
export class AppModule {}
