/**
 * Stopgap, loaded before src/markdown/parse.ts (see ./markdown.ts). Under Node's own ESM loader (tsx, so
 * `npm start`), a default import of the CommonJS @khanacademy/simple-markdown is its whole
 * `module.exports` (`{ default, libVersion }`), not the library; parse.ts, written for Vite's interop,
 * would then fail as it loads (`defaultRules` of undefined). Copying the library's members onto that
 * object makes the default import work under both. Delete this once parse.ts unwraps `.default` itself.
 */
import SimpleMarkdown from '@khanacademy/simple-markdown';

const exported = SimpleMarkdown as unknown as Record<string, unknown> & { default?: object };
if (!('defaultRules' in exported) && exported.default) Object.assign(exported, exported.default);
