import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { DigestFrequency } from '@laglig/contracts';

/** A user's defaults (migration 1796800000000); a user without a row has the defaults (daily, nothing critical). */
@Entity({ name: 'notification_preferences' })
@Check('CHK_notification_preferences_frequency', `default_frequency IN ('immediate', 'daily', 'weekly', 'off')`)
export class NotificationPreferencesEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_notification_preferences' })
  userId!: string;

  @Column({ name: 'default_frequency', type: 'text' })
  defaultFrequency!: DigestFrequency;

  /** SFS numbers mailed at once whatever the list's frequency (unless off). */
  @Column({ name: 'critical_sfs', type: 'jsonb' })
  criticalSfs!: string[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A list's own frequency for one user. */
@Entity({ name: 'list_notification_preferences' })
@Check('CHK_list_notification_preferences_frequency', `frequency IN ('immediate', 'daily', 'weekly', 'off')`)
export class ListNotificationPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_list_notification_preferences' })
  userId!: string;

  @PrimaryColumn('uuid', { name: 'workspace_id', primaryKeyConstraintName: 'PK_list_notification_preferences' })
  workspaceId!: string;

  @PrimaryColumn('uuid', { name: 'list_id', primaryKeyConstraintName: 'PK_list_notification_preferences' })
  listId!: string;

  @Column({ type: 'text' })
  frequency!: DigestFrequency;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
