export { type MdBlock, type MdInline, type MdNode, plainContent } from './ast';
export { boundContent, MAX_CONTENT_BYTES, MAX_CONTENT_NODES, withinContentLimits } from './bounds';
export { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, MAX_SOURCE_LENGTH, parseMarkdown } from './parse';
export { renderContent } from './render';
export { safeHref } from './urls';
