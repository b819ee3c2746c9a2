/**
 * One comment and its replies. The DOM per comment is kept close to what hand-written code would make,
 * because a thread can hold thousands: no whitespace between tags, text set through `.textContent`
 * (one text node, no Lit marker), decoration drawn by CSS (vote arrows, avatar initials), and a part
 * (one marker node each) only where content varies, with the rare things (badges, "edited", Edit and
 * Delete) sharing the part next to them. See `npm run bench`.
 */
import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Comment } from '../../../adapters/adapter';
import { formatRelative, type TimeTexts } from '../../../i18n/format';
import { plainContent } from '../../../markdown/ast';
import { renderContent } from '../../../markdown/render';
import { safeHref } from '../../../markdown/urls';
import type { CommentNode } from '../../../store/types';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';

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
 * comment per tick, not on every render, since every render compares them (see articleDeps).
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

function renderAvatar(comment: Comment) {
  const src = comment.author.avatar ? safeHref(comment.author.avatar) : null;
  // Initials are drawn from the attribute by CSS: the avatar is decorative, and a text node per
  // comment is one node more in a thread of thousands.
  return src && !src.startsWith('mailto:')
    ? html`<span class="avatar" part="avatar" aria-hidden="true"><img src=${src} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer" /></span>`
    : html`<span class="avatar" part="avatar" aria-hidden="true" data-initials=${initials(comment.author.name)}></span>`;
}

/** Badges and "replying to", between the name and the time; most comments have none. */
function renderTags(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  // Only the tags present, and no list for one: every list item would add marker nodes.
  const tags: unknown[] = [];
  if (comment.author.role === 'moderator') tags.push(html`<span class="badge">mod</span>`);
  if (comment.pinned) tags.push(html`<span class="badge" .textContent=${ctx.msg.pinned}></span>`);
  if (node.replyingTo)
    tags.push(html`<span .textContent=${`↳ ${ctx.msg.replyingTo(node.replyingTo)}`}></span>`);
  return tags.length > 1 ? tags : (tags[0] ?? nothing);
}

/** "edited" and "sending…" / "not sent yet", after the time. */
function renderState(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  const edited = comment.editedAt && comment.status !== 'deleted' ? comment.editedAt : null;
  if (!edited && !node.sending && !node.pending) return nothing;
  // The exact time of the edit becomes the hover title when a pointer reaches it (see the element).
  return html`${edited ? html`<span data-time=${edited}>${ctx.msg.edited}</span>` : nothing}${
    node.pending
      ? html`<span class="not-sent">${ctx.msg.notSent}</span>`
      : node.sending
        ? html`<span>${ctx.msg.sending}</span>`
        : nothing
  }`;
}

/** The time, with the badges before it and the comment's state after it when there are any. */
function renderWhen(node: CommentNode, ctx: RenderContext) {
  const { createdAt } = node.comment;
  const time = html`<time datetime=${createdAt} .textContent=${relativeTime(createdAt, ctx)}></time>`;
  const tags = renderTags(node, ctx);
  const state = renderState(node, ctx);
  // Most comments have neither: then one part holds the time alone, with one marker instead of three.
  return tags === nothing && state === nothing ? time : html`${tags}${time}${state}`;
}

/** After the votes: Reply, with Edit and Delete on the reader's own comments, or the delete question. */
function renderActions(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  if (comment.status === 'deleted' || node.sending || ctx.readonly) return nothing;
  const id = comment.id;
  const { msg } = ctx;
  if (ctx.confirmingDelete === id) {
    return html`<span class="confirm" role="group" aria-label=${msg.confirmDelete}
      >${msg.confirmDelete}
      <button type="button" class="secondary" data-action="delete" data-id=${id}>${msg.delete}</button>
      <button type="button" class="secondary" data-action="cancel-delete" data-id=${id}>${msg.cancel}</button>
    </span>`;
  }
  const reply = html`<button type="button" class="link" data-action="reply" data-id=${id} aria-expanded=${
    ctx.replyTo === id ? 'true' : 'false'
  } .textContent=${msg.reply}></button>`;
  if (!node.canEdit) return reply;
  return html`${reply}<button type="button" class="link" data-action="edit" data-id=${id} .textContent=${msg.edit}></button><button type="button" class="link" data-action="ask-delete" data-id=${id} .textContent=${msg.delete}></button>`;
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

/** What the body shows: the text, the deleted placeholder, or the edit form. */
function renderBodyContent(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  if (comment.status === 'deleted') return html`<p .textContent=${ctx.msg.deleted}></p>`;
  if (ctx.editing === comment.id) {
    return renderComposer(ctx, {
      key: formKey.edit(comment.id),
      parentId: comment.parentId,
      label: ctx.msg.editLabel,
      submitLabel: ctx.msg.save,
      initialBody: comment.body,
      askName: false,
      cancellable: true,
    });
  }
  // No content yet (a post or an edit on its way): the body as plain paragraphs until the backend's.
  // Guarded by the content itself: a vote or a new relative time re-renders the comment, not its text
  // (nor a reader's selection in it).
  const source = comment.content ?? comment.body;
  return guard([source], () => renderContent(typeof source === 'string' ? plainContent(source) : source));
}

/**
 * The comment itself. The author line, body and action bar are written into this one template, with a
 * part only where content varies: each part is a marker node per comment. The votes are hidden where
 * there is nothing to vote on; their arrows are drawn by CSS, and the buttons carry the accessible names.
 */
function renderArticle(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  const { msg } = ctx;
  const id = comment.id;
  const deleted = comment.status === 'deleted';
  const disabled = ctx.readonly || comment.status !== 'published';
  return html`<article class="comment ${node.sending ? 'sending' : ''}" part="comment" aria-labelledby="author-${id}" aria-busy=${
    node.sending ? 'true' : 'false'
  }>${renderAvatar(comment)}<div class="meta"><span class="author" id="author-${id}" .textContent=${
    deleted ? msg.deletedAuthor : comment.author.name
  }></span>${renderWhen(node, ctx)}</div><div class=${deleted ? 'body tombstone' : 'body'} part="body">${renderBodyContent(
    node,
    ctx,
  )}</div><div class="actions" part="actions"><span class="vote" part="vote" ?hidden=${deleted || node.sending}><button type="button" class="up" data-action="vote" data-id=${id} data-value="1" aria-label=${
    msg.upvote
  } aria-pressed=${comment.myVote === 1 ? 'true' : 'false'} ?disabled=${disabled}></button><span class="score" aria-label=${msg.score(
    comment.score,
  )} .textContent=${String(comment.score)}></span><button type="button" class="down" data-action="vote" data-id=${id} data-value="-1" aria-label=${
    msg.downvote
  } aria-pressed=${comment.myVote === -1 ? 'true' : 'false'} ?disabled=${disabled}></button></span>${renderActions(
    node,
    ctx,
  )}</div>${renderReplyComposer(node, ctx)}</article>`;
}

/**
 * What a comment's own block shows, besides the node: when none of it changed, the block is not
 * rendered again (no content rendered, no bindings compared). A vote on one of 5,000 comments then
 * re-renders one block, not 5,000. While a form is open in this comment, `ctx` itself is a dependency
 * (it is new on every render).
 */
function articleDeps(node: CommentNode, ctx: RenderContext): unknown[] {
  const id = node.comment.id;
  const formOpen = ctx.replyTo === id || ctx.editing === id;
  return [
    node.comment,
    node.depth,
    node.replyingTo,
    node.canEdit,
    node.sending,
    node.pending,
    relativeTime(node.comment.createdAt, ctx),
    ctx.msg,
    ctx.locale,
    ctx.readonly,
    ctx.replyTo === id,
    ctx.confirmingDelete === id,
    formOpen ? ctx : null,
  ];
}

/** Loaded replies and the "Show N more replies" button. */
function renderReplies(node: CommentNode, ctx: RenderContext) {
  const list =
    node.children.length > 0
      ? html`<ol class="replies ${node.children[0]?.depth === node.depth ? 'flat' : ''}" part="replies">${repeat(
          node.children,
          (child) => child.comment.id,
          (child) => renderComment(child, ctx),
        )}</ol>`
      : nothing;
  const more =
    node.moreReplies > 0
      ? html`<button type="button" class="link show-more" data-action="more-replies" data-id=${
          node.comment.id
        } ?disabled=${node.loadingReplies} .textContent=${ctx.msg.moreReplies(node.moreReplies)}></button>`
      : nothing;
  return html`${list}${more}`;
}

/**
 * A comment with its replies. Skipped whole while neither its node nor the context changed: the
 * store's view is rebuilt on every change, so an unchanged node means nothing changed, and the next
 * render slice of a long list then costs only the comments it adds, not the thousands already shown.
 */
export function renderComment(node: CommentNode, ctx: RenderContext): unknown {
  return guard([node, ctx], () => renderItem(node, ctx));
}

function renderItem(node: CommentNode, ctx: RenderContext) {
  return html`<li class="item ${node.depth === 0 ? 'root' : ''}" data-comment=${node.comment.id}>${guard(
    articleDeps(node, ctx),
    () => renderArticle(node, ctx),
  )}${node.children.length > 0 || node.moreReplies > 0 ? renderReplies(node, ctx) : nothing}</li>`;
}

export function renderCommentList(roots: readonly CommentNode[], ctx: RenderContext) {
  return html`<ol class="list" part="list">${repeat(
    roots,
    (node) => node.comment.id,
    (node) => renderComment(node, ctx),
  )}</ol>`;
}
