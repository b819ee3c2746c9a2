/**
 * One comment and its replies. The DOM per comment is kept close to what hand-written code would make,
 * because a thread can hold thousands: no whitespace between tags, text set through `.textContent`
 * (one text node, no Lit marker), decoration drawn by CSS (vote arrows, avatar initials), and no child
 * part inside a comment (each would be a marker node per comment). The whole comment is one Lit part:
 * an element directive on its `<li>` that sets its attributes and texts and keeps what varies in shape
 * (see comment-parts.ts). See `npm run bench`.
 */
import { type ElementPart, html, noChange, nothing, type RenderOptions, render } from 'lit';
import { Directive, directive, type Part } from 'lit/directive.js';
import { repeat } from 'lit/directives/repeat.js';
import { safeHref } from '../../../contract/markdown/urls';
import { formatRelative, type TimeTexts } from '../../../i18n/format';
import type { CommentNode } from '../../../store/types';
import { AvatarImage, CommentActions, CommentBody, MetaTags, metaTags, updateVoteBar } from './comment-parts';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { actionButton, ElementDirective, nestedOptions, place, setAttr, setText } from './element-directive';
import { renderReportForm } from './report-form';

/** One of eight avatar tints, the same for an author everywhere. */
function tint(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return String((hash >>> 0) % 8);
}

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

/** The form open under the comment, if any: the reply composer, or the report form. */
function renderReplyComposer(node: CommentNode, ctx: RenderContext) {
  const id = node.comment.id;
  if (ctx.reporting === id) return renderReportForm(ctx, id);
  if (ctx.moderator && ctx.rejecting === id) return ctx.moderator.rejectForm(ctx, id);
  if (ctx.moderator && ctx.banning === id) return ctx.moderator.banForm(ctx, id);
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

/** Loaded replies and the "Show N more replies" button, after the comment. */
class Replies {
  #list: HTMLOListElement | null = null;
  #more: HTMLButtonElement | null = null;

  update(li: Element, node: CommentNode, ctx: RenderContext, options: RenderOptions): void {
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
        options,
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
    const shown: Node[] = [];
    if (this.#list) shown.push(this.#list);
    if (this.#more) shown.push(this.#more);
    place(li, null, wanted, shown);
  }
}

/** The elements of the comment template (see renderItem) that its directive writes to, found once. */
interface ItemElements {
  article: HTMLElement;
  avatar: HTMLElement;
  meta: HTMLElement;
  author: HTMLElement;
  time: HTMLTimeElement;
  body: HTMLElement;
  actions: HTMLElement;
  vote: HTMLElement;
}

function itemElements(li: Element): ItemElements {
  const article = li.firstElementChild as HTMLElement;
  const avatar = article.firstElementChild as HTMLElement;
  const meta = avatar.nextElementSibling as HTMLElement;
  const body = meta.nextElementSibling as HTMLElement;
  const actions = body.nextElementSibling as HTMLElement;
  const author = meta.firstElementChild as HTMLElement;
  return {
    article,
    avatar,
    meta,
    author,
    // Not the author's next sibling: badges (moderator, pinned) go between the two.
    time: meta.querySelector('time') as HTMLTimeElement,
    body,
    actions,
    vote: actions.firstElementChild as HTMLElement,
  };
}

/**
 * Everything about one comment that depends on its node: the attributes and texts of its template,
 * and the pieces that vary in shape (avatar image, badges, body, actions, votes, reply composer,
 * replies); those that most comments never show are made only when one does.
 */
class CommentShell extends ElementDirective {
  #image: AvatarImage | null = null;
  #tags: MetaTags | null = null;
  readonly #body = new CommentBody();
  readonly #actions = new CommentActions();
  #composerUsed = false;
  #replies: Replies | null = null;

  render(_node: CommentNode, _ctx: RenderContext) {
    return noChange;
  }

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const li = part.element as HTMLElement;
    // Found again on each update (rare: a new comment, or a change in it) rather than kept: every kept
    // element is one more object per comment for the garbage collector to copy while a long list renders.
    const el = itemElements(li);
    const options = nestedOptions(part);
    const { comment } = node;
    const { msg } = ctx;
    const id = comment.id;
    const deleted = comment.status === 'deleted';
    setAttr(li, 'class', node.depth === 0 ? 'item root' : 'item');
    setAttr(li, 'data-comment', id);
    setAttr(el.article, 'class', node.sending ? 'comment sending' : 'comment');
    setAttr(el.article, 'aria-labelledby', `author-${id}`);
    setAttr(el.article, 'aria-busy', node.sending ? 'true' : 'false');
    const avatar = comment.author.avatar ? safeHref(comment.author.avatar) : null;
    const image = avatar && !deleted && !avatar.startsWith('mailto:') ? avatar : null;
    // A deleted comment's author is gone: a plain disc, no letters ("[" from "[deleted]") and no tint.
    setAttr(el.avatar, 'data-initials', deleted ? '' : initials(comment.author.name));
    setAttr(el.avatar, 'data-tint', deleted ? 'none' : tint(comment.author.id || comment.author.name));
    if (image !== null && !this.#image) this.#image = new AvatarImage();
    this.#image?.update(el.avatar, image);
    setAttr(el.author, 'id', `author-${id}`);
    setText(el.author, deleted ? msg.deletedAuthor : comment.author.name);
    setAttr(el.time, 'datetime', comment.createdAt);
    setText(el.time, relativeTime(comment.createdAt, ctx));
    const tags = metaTags(node, ctx);
    if (tags && !this.#tags) this.#tags = new MetaTags();
    this.#tags?.update(el.meta, el.time, tags);
    setAttr(el.body, 'class', deleted ? 'body tombstone' : 'body');
    this.#body.update(el.body, node, ctx, options);
    this.#actions.update(el.actions, node, ctx);
    updateVoteBar(el.vote, node, ctx);
    // The composer at the end of the article: not even a marker until one opens there.
    const composer = renderReplyComposer(node, ctx);
    if (composer !== nothing || this.#composerUsed) {
      this.#composerUsed = true;
      render(composer, el.article, options);
    }
    if ((node.children.length > 0 || node.moreReplies > 0) && !this.#replies) this.#replies = new Replies();
    this.#replies?.update(li, node, ctx, options);
    return noChange;
  }
}

const commentShell = directive(CommentShell);

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
  /** The moderators' tools arrive after the list is shown: every comment then gets their buttons. */
  #moderator: RenderContext['moderator'] = null;
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
      ctx.moderator === this.#moderator &&
      pathCtx === this.#pathCtx
    )
      return noChange;
    this.#node = node;
    this.#msg = ctx.msg;
    this.#readonly = ctx.readonly;
    this.#moderator = ctx.moderator;
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

/**
 * One comment: a static template (cloned, never parsed again) with a single part, the directive that
 * fills it in.
 */
function renderItem(node: CommentNode, ctx: RenderContext) {
  return html`<li ${commentShell(node, ctx)}><article part="comment"><span class="avatar" part="avatar" aria-hidden="true"></span><div class="meta"><span class="author"></span><time></time></div><div part="body"></div><div class="actions" part="actions"><span class="vote" part="vote" role="group"><button type="button" class="up" data-action="vote" data-value="1"></button><span class="score"></span><button type="button" class="down" data-action="vote" data-value="-1"></button></span></div></article></li>`;
}

/**
 * Lists longer than one full page skip the layout of comments far off screen (`long`: content-visibility).
 * Shorter ones lay everything out, so that a site's accessibility audit can measure every comment: a
 * skipped comment has no geometry, and axe then reads its colours against whatever lies under its box.
 */
const LONG_LIST = 100;

export function renderCommentList(roots: readonly CommentNode[], ctx: RenderContext) {
  return html`<ol class=${roots.length > LONG_LIST ? 'list long' : 'list'} part="list">${repeat(
    roots,
    byId,
    (node) => renderComment(node, ctx),
  )}</ol>`;
}
