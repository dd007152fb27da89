export * from './lib/bootstrap';
export * from './lib/health';
export * from './lib/logging.module';
export * from './lib/metrics';
