import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { z } from 'zod';
import type { ChecklistItemSchema } from '@laglig/contracts';
import { UserEntity } from '../accounts/user.entity';
import { WorkspaceEntity } from '../access/workspace.entity';

/*
 * The board's tables (migration 1796300000000-Board). The service reads and
 * writes them with SQL (row locks, fractional keys); the entities describe
 * the schema so `npm run db:check` catches drift.
 */

/** Marks that a workspace's board exists (created with the default columns on first access). */
@Entity({ name: 'boards' })
export class BoardEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'boards_pkey' })
  workspaceId!: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'boards_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** A column; `position` is a fractional key, sorted in byte order (COLLATE "C"). */
@Entity({ name: 'board_columns' })
@Unique('board_columns_workspace_name_key', ['workspaceId', 'name'])
@Unique('board_columns_workspace_position_key', ['workspaceId', 'position'])
export class BoardColumnEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'board_columns_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', referencedColumnName: 'workspaceId', foreignKeyConstraintName: 'board_columns_workspace_id_fkey' })
  board?: Relation<BoardEntity>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', collation: 'C' })
  position!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A card; ordered within its column by `position` (unique per column). */
@Entity({ name: 'board_cards' })
@Unique('board_cards_column_position_key', ['columnId', 'position'])
@Index('board_cards_workspace_idx', ['workspaceId'])
@Index('board_cards_due_idx', { synchronize: false })
export class BoardCardEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'board_cards_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'board_cards_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ name: 'column_id', type: 'uuid' })
  columnId!: string;

  @ManyToOne(() => BoardColumnEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'column_id', foreignKeyConstraintName: 'board_cards_column_id_fkey' })
  column?: Relation<BoardColumnEntity>;

  @Column({ type: 'text', collation: 'C' })
  position!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'law_ref', type: 'text', nullable: true })
  lawRef!: string | null;

  /** A requirement of the same workspace (checked by the service; no foreign key across parts). */
  @Column({ name: 'requirement_id', type: 'uuid', nullable: true })
  requirementId!: string | null;

  @Column({ name: 'assignee_ids', type: 'uuid', array: true })
  assigneeIds!: string[];

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'text', array: true })
  labels!: string[];

  @Column({ type: 'jsonb' })
  checklist!: Array<z.infer<typeof ChecklistItemSchema>>;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Null for a card the system created (a law change, migration 1796700000000-WorkspaceChanges). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'board_cards_created_by_fkey' })
  creator?: Relation<UserEntity>;

  /** Set when the card.due reminder for the current due date was emitted; cleared when the due date changes. */
  @Column({ name: 'due_reminded_at', type: 'timestamptz', nullable: true })
  dueRemindedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A comment on a card; `mentions` are the user ids named with @Namn or @e-post. */
@Entity({ name: 'board_comments' })
@Index('board_comments_card_idx', ['cardId', 'createdAt'])
export class BoardCommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'board_comments_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'board_comments_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ name: 'card_id', type: 'uuid' })
  cardId!: string;

  @ManyToOne(() => BoardCardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_id', foreignKeyConstraintName: 'board_comments_card_id_fkey' })
  card?: Relation<BoardCardEntity>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'board_comments_author_id_fkey' })
  author?: Relation<UserEntity>;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid', array: true })
  mentions!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** The board's entities, as listed in data-source.ts. */
export const BOARD_ENTITIES = [BoardEntity, BoardColumnEntity, BoardCardEntity, BoardCommentEntity];
