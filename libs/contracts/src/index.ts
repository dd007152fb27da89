export * from './lib/result';
export * from './lib/sfs';
export * from './lib/laws';
export * from './lib/rag';
export * from './lib/registry';
export * from './lib/method';
export * from './lib/compliance';
export * from './lib/changes';
