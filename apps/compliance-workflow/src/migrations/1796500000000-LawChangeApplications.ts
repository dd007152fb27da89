import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which law.changed / law.repealed events have re-opened requirements (one row per event: a redelivery is a no-op). */
export class LawChangeApplications1796500000000 implements MigrationInterface {
  name = 'LawChangeApplications1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.law_change_applications (
        event_id text NOT NULL,
        sfs text NOT NULL,
        reopened integer NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT law_change_applications_pkey PRIMARY KEY (event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.law_change_applications`);
  }
}
