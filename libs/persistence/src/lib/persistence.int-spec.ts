import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createDatabase, dropDatabase, listDatabases } from './admin';
import { serviceDataSourceOptions, withDatabase } from './data-source-options';
import { checkSchemaDrift, runMigrations } from './migrate';

const cluster = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

@Entity({ name: 'widgets' })
class Widget {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'widgets_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;
}

/** The same table, but the entity gained a column that no migration adds. */
@Entity({ name: 'widgets' })
class WidgetWithColour {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'widgets_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  colour!: string | null;
}

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(q: QueryRunner): Promise<void> {
    // Slow enough that concurrent runners would overlap without the lock.
    await q.query('SELECT pg_sleep(0.3)');
    await q.query('CREATE TABLE toy.widgets (id text NOT NULL, name text NOT NULL, CONSTRAINT widgets_pkey PRIMARY KEY (id))');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE toy.widgets');
  }
}

describe('persistence helpers (real PostgreSQL)', () => {
  const name = `laglig_scratch_persistence_${randomBytes(4).toString('hex')}`;
  let url: string;
  const open: DataSource[] = [];
  const source = async (entity: typeof Widget | typeof WidgetWithColour): Promise<DataSource> => {
    const ds = new DataSource(
      serviceDataSourceOptions({ schema: 'toy', url, entities: [entity], migrations: [CreateWidgets1700000000000], poolSize: 3, logging: ['error'] }),
    );
    open.push(await ds.initialize());
    return ds;
  };

  beforeAll(async () => {
    url = await createDatabase(cluster, name);
  });
  afterAll(async () => {
    await Promise.all(open.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
    await dropDatabase(cluster, name);
  });

  it('creates and lists databases by prefix', async () => {
    expect(await listDatabases(cluster, name)).toEqual([name]);
    expect(url).toBe(withDatabase(cluster, name));
  });

  it('lets exactly one of several replicas apply a migration (advisory lock)', async () => {
    const replicas = await Promise.all([source(Widget), source(Widget), source(Widget)]);
    const applied = await Promise.all(replicas.map((ds) => runMigrations(ds, { schema: 'toy' })));
    expect(applied.flat()).toEqual(['CreateWidgets1700000000000']);
    const rows: Array<{ name: string }> = await replicas[0].query('SELECT name FROM toy.migrations');
    expect(rows.map((r) => r.name)).toEqual(['CreateWidgets1700000000000']);
  });

  it('finds no drift when entities and migrations agree', async () => {
    expect(await checkSchemaDrift(await source(Widget))).toEqual([]);
  });

  it('reports the SQL an entity change without a migration would need', async () => {
    const pending = await checkSchemaDrift(await source(WidgetWithColour));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatch(/ALTER TABLE "toy"."widgets" ADD "colour" text/);
  });

  it('refuses schema names that are not plain identifiers', () => {
    expect(() => serviceDataSourceOptions({ schema: 'x; DROP', url, entities: [], migrations: [] })).toThrow(/Invalid schema name/);
  });
});
