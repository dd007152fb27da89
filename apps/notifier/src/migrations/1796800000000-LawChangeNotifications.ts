import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Law-change mail: the changes the notifier has heard of (law.changed /
 * law.repealed, one row per event), the requirements compliance-workflow
 * re-opened for them (requirements.flagged, for links), each user's
 * notification preferences, which changes each user has been told about
 * (immediately or in a digest) and one row per user and digest day. The
 * outbox gains extra headers (List-Unsubscribe).
 */
export class LawChangeNotifications1796800000000 implements MigrationInterface {
  name = 'LawChangeNotifications1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifier.mail_outbox ADD COLUMN headers jsonb`);

    await q.query(`
      CREATE TABLE notifier.law_changes_inbox (
        id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        change_id uuid,
        sfs text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        amending_sfs text,
        in_force text,
        substantive boolean NOT NULL,
        sections jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        immediate_done_at timestamptz,
        CONSTRAINT "PK_law_changes_inbox" PRIMARY KEY (id),
        CONSTRAINT "UQ_law_changes_inbox_event" UNIQUE (event_id),
        CONSTRAINT "CHK_law_changes_inbox_kind" CHECK (kind IN ('new', 'amended', 'repealed'))
      )`);
    await q.query(`CREATE INDEX "IDX_law_changes_inbox_received" ON notifier.law_changes_inbox (received_at)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_law_changes_inbox_change" ON notifier.law_changes_inbox (change_id) WHERE change_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE notifier.flagged_requirements (
        event_id text NOT NULL,
        workspace_id uuid NOT NULL,
        workspace_change_id uuid NOT NULL,
        change_id uuid,
        sfs text NOT NULL,
        list_ids jsonb NOT NULL,
        requirements jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_flagged_requirements" PRIMARY KEY (event_id)
      )`);
    await q.query(`CREATE INDEX "IDX_flagged_requirements_workspace_sfs" ON notifier.flagged_requirements (workspace_id, sfs)`);

    await q.query(`
      CREATE TABLE notifier.notification_preferences (
        user_id uuid NOT NULL,
        default_frequency text NOT NULL,
        critical_sfs jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notification_preferences" PRIMARY KEY (user_id),
        CONSTRAINT "CHK_notification_preferences_frequency" CHECK (default_frequency IN ('immediate', 'daily', 'weekly', 'off'))
      )`);

    await q.query(`
      CREATE TABLE notifier.list_notification_preferences (
        user_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        list_id uuid NOT NULL,
        frequency text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_list_notification_preferences" PRIMARY KEY (user_id, workspace_id, list_id),
        CONSTRAINT "CHK_list_notification_preferences_frequency" CHECK (frequency IN ('immediate', 'daily', 'weekly', 'off'))
      )`);

    await q.query(`
      CREATE TABLE notifier.notified_changes (
        user_id uuid NOT NULL,
        change_id uuid NOT NULL,
        via text NOT NULL,
        mail_event_id text NOT NULL,
        notified_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notified_changes" PRIMARY KEY (user_id, change_id),
        CONSTRAINT "CHK_notified_changes_via" CHECK (via IN ('immediate', 'digest'))
      )`);
    await q.query(`CREATE INDEX "IDX_notified_changes_change" ON notifier.notified_changes (change_id)`);

    await q.query(`
      CREATE TABLE notifier.digest_runs (
        user_id uuid NOT NULL,
        period date NOT NULL,
        digest_id text NOT NULL,
        changes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_digest_runs" PRIMARY KEY (user_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifier.digest_runs`);
    await q.query(`DROP TABLE notifier.notified_changes`);
    await q.query(`DROP TABLE notifier.list_notification_preferences`);
    await q.query(`DROP TABLE notifier.notification_preferences`);
    await q.query(`DROP TABLE notifier.flagged_requirements`);
    await q.query(`DROP TABLE notifier.law_changes_inbox`);
    await q.query(`ALTER TABLE notifier.mail_outbox DROP COLUMN headers`);
  }
}
