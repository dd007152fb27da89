export * from './lib/context';
export * from './lib/logger';
