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
import { ChangeInbox } from '../law-changes/change-inbox.service';
import { ChangeSummaries } from '../law-changes/change-summaries.service';
import { createSummaryModel, SUMMARY_MODEL } from '../law-changes/summary-model';
import { DigestJobs } from '../law-changes/digest-jobs.service';
import { DigestScheduler } from '../law-changes/digest-scheduler.service';
import { DigestService } from '../law-changes/digest.service';
import { ImmediateMailer } from '../law-changes/immediate-mailer.service';
import { LawChangeHandlers } from '../law-changes/law-change.handlers';
import { SubscriberDirectory } from '../law-changes/subscriber-directory';
import { PreferencesHandlers } from '../preferences/preferences.handlers';
import { PreferencesService } from '../preferences/preferences.service';

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
    // The chat model for law-change summaries; null with SUMMARY_PROVIDER=none (nothing is called).
    { provide: SUMMARY_MODEL, inject: [NOTIFIER_CONFIG], useFactory: (config: NotifierConfig) => createSummaryModel(config) },
    MailOutbox,
    MailSender,
    MailHandlers,
    PreferencesService,
    PreferencesHandlers,
    SubscriberDirectory,
    ChangeInbox,
    ChangeSummaries,
    ImmediateMailer,
    DigestService,
    DigestJobs,
    DigestScheduler,
    LawChangeHandlers,
  ],
})
export class AppModule {}
