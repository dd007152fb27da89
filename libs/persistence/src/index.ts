export * from './lib/data-source-options';
export * from './lib/migrate';
export * from './lib/admin';
export * from './lib/persistence.module';
