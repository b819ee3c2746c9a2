/**
 * One comment and its replies. The DOM per comment is kept close to what hand-written code would make,
 * because a thread can hold thousands: no whitespace between tags, text set through `.textContent`
 * (one text node, no Lit marker), decoration drawn by CSS (vote arrows, avatar initials), and no child
 * part inside a comment (each would be a marker node per comment): what varies in shape is kept by
 * element directives (see comment-parts.ts). See `npm run bench`.
 */
import { type ElementPart, html, noChange, nothing, render } from 'lit';
import { Directive, directive, type Part } from 'lit/directive.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatRelative, type TimeTexts } from '../../../i18n/format';
import { safeHref } from '../../../markdown/urls';
import type { CommentNode } from '../../../store/types';
import {
  avatarImage,
  CommentDirective,
  commentActions,
  commentBody,
  metaTags,
  renderAtEnd,
  voteBar,
} from './comment-parts';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { actionButton, nestedOptions, place, setAttr, setText } from './element-directive';

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? '')
    .join('');
  return letters.toUpperCase() || '?';
}

/**
 * Relative times for the current `now` (it changes only on the shared tick): formatted once per
 * creation time per tick, shared by the comments rendered and by refreshTimes.
 */
let times = new Map<string, string>();
let timesNow = 0;
let timesTexts: TimeTexts | null = null;

function relativeTime(iso: string, ctx: RenderContext): string {
  if (timesNow !== ctx.now || timesTexts !== ctx.msg.time) {
    times = new Map();
    timesNow = ctx.now;
    timesTexts = ctx.msg.time;
  }
  let text = times.get(iso);
  if (text === undefined) {
    text = formatRelative(iso, ctx.now, ctx.msg.time);
    times.set(iso, text);
  }
  return text;
}

function renderReplyComposer(node: CommentNode, ctx: RenderContext) {
  const id = node.comment.id;
  if (ctx.replyTo !== id) return nothing;
  return renderComposer(ctx, {
    key: formKey.reply(id),
    parentId: id,
    label: ctx.msg.replyLabel(node.comment.author.name),
    submitLabel: ctx.msg.postReply,
    askName: true,
    cancellable: true,
  });
}

const byId = (node: CommentNode) => node.comment.id;

class Replies extends CommentDirective {
  #list: HTMLOListElement | null = null;
  #more: HTMLButtonElement | null = null;
  #shown: Node[] = [];

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const wanted: Node[] = [];
    if (node.children.length > 0) {
      if (!this.#list) {
        this.#list = document.createElement('ol');
        this.#list.setAttribute('part', 'replies');
      }
      setAttr(this.#list, 'class', node.children[0]?.depth === node.depth ? 'replies flat' : 'replies');
      render(
        repeat(node.children, byId, (child) => renderComment(child, ctx)),
        this.#list,
        nestedOptions(part),
      );
      wanted.push(this.#list);
    }
    if (node.moreReplies > 0) {
      if (!this.#more) this.#more = actionButton('link show-more', 'more-replies', node.comment.id);
      const more = this.#more;
      more.disabled = node.loadingReplies;
      setText(more, ctx.msg.moreReplies(node.moreReplies));
      wanted.push(more);
    }
    place(part.element, null, wanted, this.#shown);
    this.#shown = wanted;
    return noChange;
  }
}

/** Loaded replies and the "Show N more replies" button, after the comment. */
const replies = directive(Replies);

/**
 * A comment with its replies. Skipped whole while its node, the language and readonly stay the same and
 * no form is open in it or below it: the store's view hands back unchanged nodes as they were, so the
 * next render slice of a long list costs only the comments it adds, a vote re-renders one comment and
 * its ancestors, and a reply composer opening on one of 5,000 comments re-renders only its own path.
 * Relative times move on without a render (see refreshTimes). Lit's `guard` would do the same, but it
 * allocates on every check, and every render slice checks every comment already shown.
 */
class CommentItem extends Directive {
  #node: CommentNode | null = null;
  #msg: RenderContext['msg'] | null = null;
  #readonly = false;
  #pathCtx: RenderContext | null = null;

  render(node: CommentNode, ctx: RenderContext) {
    return renderItem(node, ctx);
  }

  override update(_part: Part, props: [CommentNode, RenderContext]) {
    // Indexed, not destructured: this runs for every shown comment on every render of the list.
    const node = props[0];
    const ctx = props[1];
    const pathCtx = ctx.formPath.has(node.comment.id) ? ctx : null;
    if (
      node === this.#node &&
      ctx.msg === this.#msg &&
      ctx.readonly === this.#readonly &&
      pathCtx === this.#pathCtx
    )
      return noChange;
    this.#node = node;
    this.#msg = ctx.msg;
    this.#readonly = ctx.readonly;
    this.#pathCtx = pathCtx;
    return renderItem(node, ctx);
  }
}

const commentItem = directive(CommentItem);

/**
 * The last value made for each comment, per render context (a context lives as long as nothing but the
 * clock changes): a list render re-uses it. Keyed by id, not by node, so that no weak map of thousands
 * of young nodes slows the garbage collector down.
 */
const items = new WeakMap<RenderContext, Map<string, { node: CommentNode; value: unknown }>>();

/** A comment with its replies (see CommentItem), as the same value while its node and context are. */
export function renderComment(node: CommentNode, ctx: RenderContext): unknown {
  let made = items.get(ctx);
  if (!made) {
    made = new Map();
    items.set(ctx, made);
  }
  const id = node.comment.id;
  const last = made.get(id);
  if (last?.node === node) return last.value;
  const value = commentItem(node, ctx);
  made.set(id, { node, value });
  return value;
}

/**
 * Brings every shown relative time up to `ctx.now`, on the shared tick. Writing the few texts that
 * changed is far cheaper than rendering thousands of comments again; a comment rendered later computes
 * the same text from the same clock.
 */
export function refreshTimes(root: ParentNode, ctx: RenderContext): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('article.comment > .meta > time')) {
    setText(time, relativeTime(time.dateTime, ctx));
  }
}

function renderItem(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  const { msg } = ctx;
  const id = comment.id;
  const deleted = comment.status === 'deleted';
  const avatar = comment.author.avatar ? safeHref(comment.author.avatar) : null;
  const image = avatar && !avatar.startsWith('mailto:') ? avatar : null;
  return html`<li class=${node.depth === 0 ? 'item root' : 'item'} data-comment=${id} ${replies(node, ctx)}><article class=${
    node.sending ? 'comment sending' : 'comment'
  } part="comment" aria-labelledby="author-${id}" aria-busy=${node.sending ? 'true' : 'false'} ${renderAtEnd(
    renderReplyComposer(node, ctx),
  )}><span class="avatar" part="avatar" aria-hidden="true" data-initials=${
    image ? nothing : initials(comment.author.name)
  } ${avatarImage(image)}></span><div class="meta" ${metaTags(node, ctx)}><span class="author" id="author-${id}" .textContent=${
    deleted ? msg.deletedAuthor : comment.author.name
  }></span><time datetime=${comment.createdAt} .textContent=${relativeTime(comment.createdAt, ctx)}></time></div><div class=${
    deleted ? 'body tombstone' : 'body'
  } part="body" ${commentBody(node, ctx)}></div><div class="actions" part="actions" ${commentActions(
    node,
    ctx,
  )}><span class="vote" part="vote" ${voteBar(
    node,
    ctx,
  )}><button type="button" class="up" data-action="vote" data-value="1"></button><span class="score"></span><button type="button" class="down" data-action="vote" data-value="-1"></button></span></div></article></li>`;
}

export function renderCommentList(roots: readonly CommentNode[], ctx: RenderContext) {
  return html`<ol class="list" part="list">${repeat(roots, byId, (node) => renderComment(node, ctx))}</ol>`;
}
