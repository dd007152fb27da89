import type { ServicePersistence } from '@laglig/persistence';
import { AmendmentEntity } from './documents/amendment.entity';
import { DocumentVersionEntity } from './documents/document-version.entity';
import { DocumentEntity } from './documents/document.entity';
import { SectionEntity } from './documents/section.entity';
import { OutboxEventEntity } from './events/outbox-event.entity';
import { SyncRunEntity } from './ingestion/sync-run.entity';
import { InitialLawCatalog1795317874339 } from './migrations/1795317874339-InitialLawCatalog';

/**
 * The law-catalog's schema, entities and migrations: used by the service's
 * PersistenceModule, by `npm run db:check` (drift check) and by the
 * integration-test template database.
 */
export const persistence = {
  schema: 'law_catalog',
  entities: [DocumentEntity, DocumentVersionEntity, SectionEntity, AmendmentEntity, SyncRunEntity, OutboxEventEntity],
  migrations: [InitialLawCatalog1795317874339],
} satisfies ServicePersistence;
