export { createThreadStore, DEFAULT_MAX_DEPTH, DEFAULT_PAGE_SIZE, DEFAULT_REPLY_LIMIT } from './thread-store';
export type * from './types';
