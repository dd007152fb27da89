export * from './lib/connection';
export * from './lib/errors';
export * from './lib/rpc';
export * from './lib/events';
export * from './lib/registry';
export * from './lib/messaging.module';
export * from './lib/reply-stream';
