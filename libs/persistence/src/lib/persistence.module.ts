import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import { serviceDataSourceOptions, type ServicePersistence } from './data-source-options';

const PersistenceEnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/laglig'),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  DB_LOG_QUERIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export interface PersistenceModuleOptions extends ServicePersistence {
  /** Overrides the environment (tests, one-off commands). */
  env?: NodeJS.ProcessEnv;
}

/**
 * One TypeORM data source per service, bound to the service's own schema.
 * DATABASE_URL (and DB_POOL_SIZE) come from the environment, validated once.
 * The module does not migrate: the service's bootstrap (or the migration
 * Job) calls `runMigrations` explicitly before serving.
 */
@Module({})
export class PersistenceModule {
  static forService(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const env = loadConfig(PersistenceEnvSchema, options.env ?? process.env);
            return {
              ...serviceDataSourceOptions({
                schema: options.schema,
                entities: options.entities,
                migrations: options.migrations,
                url: env.DATABASE_URL,
                poolSize: env.DB_POOL_SIZE,
                logging: env.DB_LOG_QUERIES ? 'all' : ['error', 'warn', 'migration'],
              }),
              // Nest's retry loop hides a wrong URL for minutes; fail at boot instead.
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }

  /** Repositories for a domain module (`@InjectRepository(Entity)`). */
  static forFeature(entities: Parameters<typeof TypeOrmModule.forFeature>[0]): DynamicModule {
    return TypeOrmModule.forFeature(entities);
  }
}
