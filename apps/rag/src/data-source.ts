import type { ServicePersistence } from '@laglig/persistence';
import { LawIndexStateEntity } from './index-state/law-index-state.entity';
import { InitialRag1795318000000 } from './migrations/1795318000000-InitialRag';

export const persistence = {
  schema: 'rag',
  entities: [LawIndexStateEntity],
  migrations: [InitialRag1795318000000],
} satisfies ServicePersistence;
