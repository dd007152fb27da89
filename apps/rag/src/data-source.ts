import type { ServicePersistence } from '@laglig/persistence';
import { ChunkEntity } from './chunks/chunk.entity';
import { LawIndexStateEntity } from './index-state/law-index-state.entity';
import { InitialRag1795318000000 } from './migrations/1795318000000-InitialRag';
import { Chunks1795400000000 } from './migrations/1795400000000-Chunks';

export const persistence = {
  schema: 'rag',
  entities: [LawIndexStateEntity, ChunkEntity],
  migrations: [InitialRag1795318000000, Chunks1795400000000],
} satisfies ServicePersistence;
