import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DocumentEntity } from './document.entity';

/** One entry of a statute's amendment register (ändringsregister, SFSR). */
@Entity({ name: 'amendments' })
export class AmendmentEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'amendments_pkey' })
  documentId!: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'amendments_document_id_fkey' })
  document?: Relation<DocumentEntity>;

  /** "2012:333". */
  @PrimaryColumn({ name: 'amending_sfs', type: 'text', primaryKeyConstraintName: 'amendments_pkey' })
  amendingSfs!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'in_force', type: 'date', nullable: true })
  inForce!: string | null;

  /** "ändr. 17 §; ny 2 a §" as the register states it. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** Order in the register. */
  @Column({ type: 'integer' })
  position!: number;
}
