export {
  MAX_BLOCK_DEPTH,
  MAX_INLINE_DEPTH,
  MAX_SOURCE_LENGTH,
  type MdBlock,
  type MdInline,
  type MdNode,
  parseMarkdown,
} from './parse';
export { renderMarkdown } from './render';
export { safeHref } from './urls';
