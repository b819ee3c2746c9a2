/** Public API for bundlers. Importing this module registers nothing; import './define' for that. */
export type * from './adapters/adapter';
export { LIMITS, SORTS } from './adapters/adapter';
export { createAdapter } from './adapters/create';
export * from './adapters/errors';
export { createLocalAdapter } from './adapters/local';
export { createMemoryAdapter } from './adapters/memory';
export { createRestAdapter } from './adapters/rest';
export type { MdBlock, MdInline, MdNode } from './contract/markdown/ast';
export { parseMarkdown } from './contract/markdown/parse';
export type { SeedComment, SeedThread } from './contract/seed';
export { ThreadlineComments } from './elements/threadline-comments/threadline-comments';
export * from './events';
export { createThreadStore } from './store';
export type * from './store/types';
