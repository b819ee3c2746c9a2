import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Comment } from '../../../adapters/adapter';
import { formatExact, formatRelative } from '../../../i18n/format';
import { renderMarkdown } from '../../../markdown';
import { safeHref } from '../../../markdown/urls';
import type { CommentNode } from '../../../store/types';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { downIcon, upIcon } from './icons';

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
let timesFor = '';

function relativeTime(iso: string, ctx: RenderContext): string {
  const key = ctx.now + ctx.locale;
  if (timesFor !== key) {
    times = new Map();
    timesFor = key;
  }
  let text = times.get(iso);
  if (text === undefined) {
    text = formatRelative(iso, ctx.now, ctx.locale);
    times.set(iso, text);
  }
  return text;
}

function renderAvatar(comment: Comment) {
  const src = comment.author.avatar ? safeHref(comment.author.avatar) : null;
  return html`<span class="avatar" part="avatar" aria-hidden="true"
    >${
      src && !src.startsWith('mailto:')
        ? html`<img src=${src} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer" />`
        : initials(comment.author.name)
    }</span
  >`;
}

function renderMeta(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  const deleted = comment.status === 'deleted';
  return html`<div class="meta">
    <span class="author" id="author-${comment.id}">${deleted ? ctx.msg.deletedAuthor : comment.author.name}</span>
    ${comment.author.role === 'moderator' ? html`<span class="badge">mod</span>` : nothing}
    ${comment.pinned ? html`<span class="badge">${ctx.msg.pinned}</span>` : nothing}
    ${node.replyingTo ? html`<span>↳ ${ctx.msg.replyingTo(node.replyingTo)}</span>` : nothing}
    <time datetime=${comment.createdAt} title=${formatExact(comment.createdAt, ctx.locale)}
      >${relativeTime(comment.createdAt, ctx)}</time
    >
    ${comment.editedAt && !deleted ? html`<span title=${formatExact(comment.editedAt, ctx.locale)}>${ctx.msg.edited}</span>` : nothing}
    ${
      node.pending
        ? html`<span class="not-sent">${ctx.msg.notSent}</span>`
        : node.sending
          ? html`<span>${ctx.msg.sending}</span>`
          : nothing
    }
  </div>`;
}

function renderVoteButton(comment: Comment, value: 1 | -1, label: string, icon: unknown, disabled: boolean) {
  return html`<button
    type="button"
    data-action="vote"
    data-id=${comment.id}
    data-value=${value}
    aria-label=${label}
    aria-pressed=${comment.myVote === value ? 'true' : 'false'}
    ?disabled=${disabled}
  >${icon}</button>`;
}

function renderVote(comment: Comment, ctx: RenderContext) {
  const disabled = ctx.readonly || comment.status !== 'published';
  return html`<span class="vote" part="vote">
    ${renderVoteButton(comment, 1, ctx.msg.upvote, upIcon, disabled)}
    <span class="score" aria-label=${ctx.msg.score(comment.score)}>${comment.score}</span>
    ${renderVoteButton(comment, -1, ctx.msg.downvote, downIcon, disabled)}
  </span>`;
}

function renderActions(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  if (comment.status === 'deleted' || node.sending) return nothing;
  const id = comment.id;
  if (ctx.confirmingDelete === id) {
    return html`<div class="actions">
      <span class="confirm" role="group" aria-label=${ctx.msg.confirmDelete}
        >${ctx.msg.confirmDelete}
        <button type="button" class="secondary" data-action="delete" data-id=${id}>${ctx.msg.delete}</button>
        <button type="button" class="secondary" data-action="cancel-delete" data-id=${id}>${ctx.msg.cancel}</button>
      </span>
    </div>`;
  }
  return html`<div class="actions" part="actions">
    ${renderVote(comment, ctx)}
    ${
      ctx.readonly
        ? nothing
        : html`<button type="button" class="link" data-action="reply" data-id=${id} aria-expanded=${ctx.replyTo === id ? 'true' : 'false'}>
          ${ctx.msg.reply}
        </button>`
    }
    ${
      node.canEdit && !ctx.readonly
        ? html`<button type="button" class="link" data-action="edit" data-id=${id}>${ctx.msg.edit}</button>
          <button type="button" class="link" data-action="ask-delete" data-id=${id}>${ctx.msg.delete}</button>`
        : nothing
    }
  </div>`;
}

function renderBody(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  if (comment.status === 'deleted') return html`<p class="body tombstone">${ctx.msg.deleted}</p>`;
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
  return html`<div class="body" part="body">${renderMarkdown(comment.body)}</div>`;
}

function renderArticle(node: CommentNode, ctx: RenderContext) {
  const { comment } = node;
  const id = comment.id;
  return html`<article
      class="comment ${node.sending ? 'sending' : ''}"
      part="comment"
      aria-labelledby="author-${id}"
      aria-busy=${node.sending ? 'true' : 'false'}
    >
      ${renderAvatar(comment)}
      ${renderMeta(node, ctx)} ${renderBody(node, ctx)} ${renderActions(node, ctx)}
      ${
        ctx.replyTo === id
          ? renderComposer(ctx, {
              key: formKey.reply(id),
              parentId: id,
              label: ctx.msg.replyLabel(comment.author.name),
              submitLabel: ctx.msg.postReply,
              askName: true,
              cancellable: true,
            })
          : nothing
      }
    </article>`;
}

/**
 * What a comment's own block shows, besides the node: when none of it changed, the block is not
 * rendered again (no markdown parsing, no bindings compared). A vote on one of 5,000 comments then
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

export function renderComment(node: CommentNode, ctx: RenderContext): unknown {
  const id = node.comment.id;
  return html`<li class="item ${node.depth === 0 ? 'root' : ''}" data-comment=${id}>
    ${guard(articleDeps(node, ctx), () => renderArticle(node, ctx))}
    ${
      node.children.length > 0
        ? html`<ol class="replies ${node.children[0]?.depth === node.depth ? 'flat' : ''}" part="replies">
          ${repeat(
            node.children,
            (child) => child.comment.id,
            (child) => renderComment(child, ctx),
          )}
        </ol>`
        : nothing
    }
    ${
      node.moreReplies > 0
        ? html`<button
          type="button"
          class="link show-more"
          data-action="more-replies"
          data-id=${id}
          ?disabled=${node.loadingReplies}
        >${ctx.msg.moreReplies(node.moreReplies)}</button>`
        : nothing
    }
  </li>`;
}

export function renderCommentList(roots: readonly CommentNode[], ctx: RenderContext) {
  return html`<ol class="list" part="list">
    ${repeat(
      roots,
      (node) => node.comment.id,
      (node) => renderComment(node, ctx),
    )}
  </ol>`;
}
