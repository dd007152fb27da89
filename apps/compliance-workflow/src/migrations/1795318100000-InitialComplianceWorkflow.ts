import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own schema. Owns users, workspaces, law lists, requirements and boards (compliance issue).
 * Its tables arrive with its issue; until then the schema exists so the
 * service starts, migrates and reports health like the others.
 */
export class InitialComplianceWorkflow1795318100000 implements MigrationInterface {
  name = 'InitialComplianceWorkflow1795318100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS compliance`);
  }

  async down(): Promise<void> {
    // The schema is dropped with the service, not by a migration.
  }
}
