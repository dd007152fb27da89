import { databaseName, serviceDataSourceOptions, sessionOptions, withDatabase } from './data-source-options';

describe('serviceDataSourceOptions', () => {
  const options = serviceDataSourceOptions({
    schema: 'law_catalog',
    url: 'postgres://postgres@127.0.0.1:5432/laglig',
    entities: [],
    migrations: [],
  }) as unknown as Record<string, unknown>;

  it('never synchronises or migrates implicitly, and keeps the migrations table in the schema', () => {
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'law_catalog',
      synchronize: false,
      migrationsRun: false,
      migrationsTableName: 'migrations',
      installExtensions: false,
      uuidExtension: 'pgcrypto',
      applicationName: 'laglig-law-catalog',
      poolSize: 10,
    });
  });

  it('passes session settings in the startup packet, and only plain names and values', () => {
    const rag = serviceDataSourceOptions({ schema: 'rag', url: 'postgres://x/y', entities: [], migrations: [], sessionSettings: { jit: 'off' } }) as unknown as {
      extra: Record<string, unknown>;
    };
    expect(rag.extra).toMatchObject({ options: '-c jit=off', connectionTimeoutMillis: 10_000 });
    expect((options['extra'] as Record<string, unknown>)['options']).toBeUndefined();
    expect(sessionOptions({ jit: 'off', 'hnsw.ef_search': '100' })).toBe('-c jit=off -c hnsw.ef_search=100');
    expect(() => sessionOptions({ jit: 'off -c statement_timeout=0' })).toThrow(/Invalid session setting/);
  });

  it('rejects schema names that could inject SQL', () => {
    for (const schema of ['Law', 'law-catalog', 'x;drop', '']) {
      expect(() => serviceDataSourceOptions({ schema, url: 'postgres://x/y', entities: [], migrations: [] })).toThrow(/Invalid schema name/);
    }
  });
});

describe('database URLs', () => {
  it('swaps the database and keeps credentials and query', () => {
    const url = withDatabase('postgres://user:p%40ss@db.example:5433/laglig?sslmode=require', 'laglig_t_x');
    expect(url).toBe('postgres://user:p%40ss@db.example:5433/laglig_t_x?sslmode=require');
    expect(databaseName(url)).toBe('laglig_t_x');
  });
});
