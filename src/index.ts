/** Public API for bundlers. Importing this module registers nothing; import './define' for that. */
export type * from './adapters/adapter';
export { LIMITS, SORTS } from './adapters/adapter';
export { createAdapter } from './adapters/create';
export * from './adapters/errors';
export { createLocalAdapter } from './adapters/local';
export { createMemoryAdapter } from './adapters/memory';
export { createRestAdapter } from './adapters/rest';
export type { SeedComment, SeedThread } from './adapters/seed';
export { ThreadlineComments } from './elements/threadline-comments/threadline-comments';
export * from './events';
export type { MdBlock, MdInline, MdNode } from './markdown/ast';
export { parseMarkdown } from './markdown/parse';
export { createThreadStore } from './store';
export type * from './store/types';
