import type { ServicePersistence } from '@laglig/persistence';
import { MailEntity } from './mail/mail.entity';
import { InitialNotifier1795318100000 } from './migrations/1795318100000-InitialNotifier';
import { MailOutbox1796400000000 } from './migrations/1796400000000-MailOutbox';

export const persistence = {
  schema: 'notifier',
  entities: [MailEntity],
  migrations: [InitialNotifier1795318100000, MailOutbox1796400000000],
} satisfies ServicePersistence;
