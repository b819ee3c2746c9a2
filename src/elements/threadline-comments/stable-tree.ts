import type { CommentNode } from '../../store/types';

function sameList(a: readonly CommentNode[], b: readonly CommentNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal in every field but `children` (compared separately, by the identity of stabilised nodes). */
function sameNode(a: CommentNode, b: CommentNode): boolean {
  for (const key of Object.keys(b) as (keyof CommentNode)[])
    if (key !== 'children' && a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * The store derives a new tree of nodes on every change. This hands back the previous node objects
 * wherever nothing in a comment or below it changed, so templates can skip an unchanged comment and its
 * replies by identity: a vote on one of 5,000 comments re-renders the path to that comment, not the
 * thread. One walk of the tree per change, and none while the store's view is unchanged.
 */
export class StableTree {
  #byId = new Map<string, CommentNode>();
  #input: readonly CommentNode[] | null = null;
  #output: readonly CommentNode[] = [];

  roots(roots: readonly CommentNode[]): readonly CommentNode[] {
    if (roots === this.#input) return this.#output;
    const previous = this.#byId;
    const next = new Map<string, CommentNode>();
    const visit = (node: CommentNode): CommentNode => {
      const children = node.children.map(visit);
      const old = previous.get(node.comment.id);
      const stable =
        old && sameNode(old, node) && sameList(old.children, children)
          ? old
          : sameList(node.children, children)
            ? node
            : { ...node, children };
      next.set(node.comment.id, stable);
      return stable;
    };
    const output = roots.map(visit);
    this.#byId = next;
    this.#input = roots;
    this.#output = sameList(this.#output, output) ? this.#output : output;
    return this.#output;
  }
}
