import type { ServicePersistence } from '@laglig/persistence';
import { AmendmentEntity } from './documents/amendment.entity';
import { DocumentVersionEntity } from './documents/document-version.entity';
import { DocumentEntity } from './documents/document.entity';
import { SectionEntity } from './documents/section.entity';
import { LawChangeEntity } from './changes/law-change.entity';
import { OutboxEventEntity } from './events/outbox-event.entity';
import { SyncRunEntity } from './ingestion/sync-run.entity';
import { InitialLawCatalog1795317874339 } from './migrations/1795317874339-InitialLawCatalog';
import { ChangeRecords1796600000000 } from './migrations/1796600000000-ChangeRecords';
import { SyncItemEntity } from './sync/sync-item.entity';

/**
 * The law-catalog's schema, entities and migrations: used by the service's
 * PersistenceModule, by `npm run db:check` (drift check) and by the
 * integration-test template database.
 */
export const persistence = {
  schema: 'law_catalog',
  entities: [DocumentEntity, DocumentVersionEntity, SectionEntity, AmendmentEntity, SyncRunEntity, SyncItemEntity, LawChangeEntity, OutboxEventEntity],
  migrations: [InitialLawCatalog1795317874339, ChangeRecords1796600000000],
} satisfies ServicePersistence;
