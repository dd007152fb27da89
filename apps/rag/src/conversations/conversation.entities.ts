import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Citation, ConversationMessageStatus } from '@laglig/contracts';

/** A signed-in user's chat conversation (migration 1796900000000-Conversations). */
@Entity({ name: 'conversations' })
@Index('IDX_conversations_user', ['userId', 'updatedAt', 'id'])
@Index('IDX_conversations_user_workspace', ['userId', 'workspaceId', 'updatedAt', 'id'])
@Index('IDX_conversations_updated', ['updatedAt'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_conversations' })
  id!: string;

  /** compliance-workflow's user id (from the verified access token); no foreign key across services. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId!: string | null;

  /** The first question, shortened. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A question (role user, status null) or the final answer to it (role assistant). */
@Entity({ name: 'conversation_messages' })
@Check('CHK_conversation_messages_role', `role IN ('user', 'assistant')`)
@Check(
  'CHK_conversation_messages_status',
  `(role = 'user' AND status IS NULL) OR (role = 'assistant' AND status IN ('answered', 'refused', 'out_of_scope', 'error'))`,
)
@Index('IDX_conversation_messages_conversation', ['conversationId', 'createdAt'])
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_conversation_messages' })
  id!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_conversation_messages_conversation' })
  conversation?: Relation<ConversationEntity>;

  @Column({ type: 'text' })
  role!: 'user' | 'assistant';

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'jsonb' })
  citations!: Citation[];

  @Column({ type: 'text', nullable: true })
  status!: ConversationMessageStatus | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
