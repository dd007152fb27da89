import type { ServicePersistence } from '@laglig/persistence';
import { DigestJobEntity, DigestRunEntity, FlaggedRequirementsEntity, LawChangeInboxEntity, NotifiedChangeEntity } from './law-changes/law-change.entities';
import { MailEntity } from './mail/mail.entity';
import { InitialNotifier1795318100000 } from './migrations/1795318100000-InitialNotifier';
import { MailOutbox1796400000000 } from './migrations/1796400000000-MailOutbox';
import { LawChangeNotifications1796800000000 } from './migrations/1796800000000-LawChangeNotifications';
import { LawChangeAiSummary1797000000000 } from './migrations/1797000000000-LawChangeAiSummary';
import { DigestJobs1797200000000 } from './migrations/1797200000000-DigestJobs';
import { ListNotificationPreferenceEntity, NotificationPreferencesEntity } from './preferences/preferences.entity';

export const persistence = {
  schema: 'notifier',
  entities: [
    MailEntity,
    LawChangeInboxEntity,
    FlaggedRequirementsEntity,
    NotifiedChangeEntity,
    DigestRunEntity,
    DigestJobEntity,
    NotificationPreferencesEntity,
    ListNotificationPreferenceEntity,
  ],
  migrations: [InitialNotifier1795318100000, MailOutbox1796400000000, LawChangeNotifications1796800000000, LawChangeAiSummary1797000000000, DigestJobs1797200000000],
} satisfies ServicePersistence;
