import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IndexStatus = 'pending' | 'indexed' | 'removed';

/**
 * Which version of each law the retrieval index must hold. law-catalog events
 * move a law to `pending` (new or changed text) or `removed` (repealed); the
 * indexer (chunking + embeddings, the RAG issue) works through `pending` rows.
 */
@Entity({ name: 'law_index_state' })
@Check('CHK_law_index_state_status', `status IN ('pending', 'indexed', 'removed')`)
@Index('IDX_law_index_state_pending', ['updatedAt'], { where: `status = 'pending'` })
@Index('IDX_law_index_state_event', ['lastEventId'], { where: `status = 'pending'` })
export class LawIndexStateEntity {
  @PrimaryColumn({ type: 'text' })
  sfs!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @Column({ type: 'text' })
  status!: IndexStatus;

  @Column({ name: 'last_event_id', type: 'text' })
  lastEventId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
