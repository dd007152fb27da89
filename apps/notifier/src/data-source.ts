import type { ServicePersistence } from '@laglig/persistence';
import { InitialNotifier1795318100000 } from './migrations/1795318100000-InitialNotifier';

export const persistence = {
  schema: 'notifier',
  entities: [],
  migrations: [InitialNotifier1795318100000],
} satisfies ServicePersistence;
