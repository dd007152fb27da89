export * from './lib/database';
export * from './lib/redis';
export * from './lib/riksdagen-server';
export * from './lib/law-fixtures';
export * from './lib/bundled-law';
export * from './lib/openai-chat-server';
export * from './lib/until';
