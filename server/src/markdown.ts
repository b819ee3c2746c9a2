/** The comment markdown parser the widget shares (src/markdown/parse.ts), loaded so that it works under Node. */
import './markdown-interop';

export { parseMarkdown } from '../../src/markdown/parse';
