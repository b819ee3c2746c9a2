/**
 * The contract between a backend and the widget: wire types and limits, input rules, the comment AST
 * and the parser every backend turns a body into it with. The reference server imports only this.
 */
export * from './markdown/ast';
export * from './markdown/bounds';
export * from './markdown/parse';
export * from './markdown/urls';
export * from './rules';
export type * from './seed';
export * from './wire';
