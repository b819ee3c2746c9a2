export { type MdBlock, type MdInline, type MdNode, plainContent } from '../contract/markdown/ast';
export {
  boundContent,
  MAX_CONTENT_BYTES,
  MAX_CONTENT_NODES,
  withinContentLimits,
} from '../contract/markdown/bounds';
export {
  MAX_BLOCK_DEPTH,
  MAX_INLINE_DEPTH,
  MAX_SOURCE_LENGTH,
  parseMarkdown,
} from '../contract/markdown/parse';
export { safeHref } from '../contract/markdown/urls';
export { renderContent } from './render';
