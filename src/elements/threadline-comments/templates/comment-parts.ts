/**
 * The parts of a comment that vary in shape, each kept by a small object that the comment's one
 * directive (see comment.ts) owns and updates: the avatar's image, the badges and state around the
 * time, the body and the action buttons; the vote bar, which never changes shape, is only written to.
 * Most comments have the same shape, so these mostly compare and return. They are plain objects, not
 * Lit directives, so a comment costs one Lit part instead of one per piece, and they keep as little as
 * they can: every object a comment keeps is one more for the garbage collector to copy while a long
 * list renders.
 */
import { nothing, type RenderOptions, render } from 'lit';
import { plainContent } from '../../../contract/markdown/ast';
import { renderContent } from '../../../markdown/render';
import type { CommentNode } from '../../../store/types';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { actionButton, place, setAttr, setText, textElement } from './element-directive';

/** One shared listener: an image that fails goes away and the initials under it show. */
function hideBroken(event: Event): void {
  (event.currentTarget as HTMLImageElement).hidden = true;
}

/** An image inside the avatar, over the initials CSS draws from `data-initials`. */
export class AvatarImage {
  #img: HTMLImageElement | null = null;

  update(avatar: Element, src: string | null): void {
    if (src === null) {
      this.#img?.remove();
      return;
    }
    if (!this.#img) {
      const img = document.createElement('img');
      img.alt = '';
      img.width = 32;
      img.height = 32;
      img.loading = 'lazy';
      img.referrerPolicy = 'no-referrer';
      img.addEventListener('error', hideBroken);
      this.#img = img;
    }
    if (this.#img.getAttribute('src') !== src) {
      this.#img.hidden = false;
      this.#img.src = src;
    }
    if (this.#img.parentNode !== avatar) avatar.append(this.#img);
  }
}

interface Tag {
  className: string;
  text: string;
  time?: string;
}

const tagKey = (tags: readonly Tag[]): string =>
  tags.map((t) => `${t.className}\u0001${t.text}\u0001${t.time ?? ''}`).join('\u0002');

/** Shared by every comment without tags, so that most comments keep no arrays of their own. */
const NO_TAGS: readonly HTMLElement[] = [];

function tagNodes(tags: readonly Tag[]): readonly HTMLElement[] {
  if (tags.length === 0) return NO_TAGS;
  return tags.map((tag) => {
    const span = textElement('span', tag.text, tag.className);
    // The exact time of the edit becomes the hover title when a pointer reaches it (see the element).
    if (tag.time) span.setAttribute('data-time', tag.time);
    return span;
  });
}

export interface Tags {
  before: Tag[];
  after: Tag[];
}

/**
 * Badges and "replying to" before the time, "edited" and "sending…" / "not sent yet" after it, or null
 * for none (most comments).
 */
export function metaTags(node: CommentNode, ctx: RenderContext): Tags | null {
  const { comment } = node;
  const before: Tag[] = [];
  if (comment.author.role === 'moderator') before.push({ className: 'badge', text: 'mod' });
  if (comment.pinned) before.push({ className: 'badge', text: ctx.msg.pinned });
  if (node.replyingTo) before.push({ className: '', text: `↳ ${ctx.msg.replyingTo(node.replyingTo)}` });
  const after: Tag[] = [];
  const edited = comment.editedAt && comment.status !== 'deleted' ? comment.editedAt : null;
  if (edited)
    after.push({
      className: '',
      text: comment.editedByModerator ? ctx.msg.editedByModerator : ctx.msg.edited,
      time: edited,
    });
  // Only its author and moderators are sent a comment that is not published.
  if (comment.status === 'pending' || comment.status === 'spam')
    after.push({ className: 'held', text: ctx.msg.awaitingModeration });
  else if (comment.status === 'rejected')
    after.push({ className: 'held', text: ctx.msg.notPublished(comment.statusReason) });
  if (node.pending) after.push({ className: 'not-sent', text: ctx.msg.notSent });
  else if (node.sending) after.push({ className: '', text: ctx.msg.sending });
  return before.length > 0 || after.length > 0 ? { before, after } : null;
}

/** The tags' elements around the time, made again only when the tags change. */
export class MetaTags {
  #before = NO_TAGS;
  #after = NO_TAGS;
  #key = '';

  update(meta: Element, time: Element, tags: Tags | null): void {
    const key = tags ? `${tagKey(tags.before)}\u0003${tagKey(tags.after)}` : '';
    if (key === this.#key) return;
    this.#key = key;
    const nextBefore = tags ? tagNodes(tags.before) : NO_TAGS;
    const nextAfter = tags ? tagNodes(tags.after) : NO_TAGS;
    place(meta, time, nextBefore, this.#before);
    place(meta, null, nextAfter, this.#after);
    this.#before = nextBefore;
    this.#after = nextAfter;
  }
}

/** What the body shows: the content, the deleted placeholder, or the edit form. */
export class CommentBody {
  // Two fields, not an object per state (see the top).
  #mode: 'none' | 'content' | 'deleted' = 'none';
  /** The content (or plain body) shown, or the deleted placeholder's text. */
  #source: unknown = null;
  #editor: HTMLDivElement | null = null;

  update(body: Element, node: CommentNode, ctx: RenderContext, options: RenderOptions): void {
    const { comment } = node;
    if (ctx.editing === comment.id && comment.status !== 'deleted') {
      this.#editor ??= document.createElement('div');
      if (this.#editor.parentNode !== body) body.replaceChildren(this.#editor);
      this.#mode = 'none';
      render(
        renderComposer(ctx, {
          key: formKey.edit(comment.id),
          parentId: comment.parentId,
          label: ctx.msg.editLabel,
          submitLabel: ctx.msg.save,
          initialBody: comment.body,
          askName: false,
          cancellable: true,
        }),
        this.#editor,
        options,
      );
      return;
    }
    // The next edit starts from a fresh form with the saved body, not from this one's leftovers.
    if (this.#editor?.parentNode) render(nothing, this.#editor, options);
    if (comment.status === 'deleted') {
      const text = ctx.msg.deleted;
      if (this.#mode !== 'deleted' || this.#source !== text) {
        body.replaceChildren(textElement('p', text));
        this.#mode = 'deleted';
        this.#source = text;
      }
      return;
    }
    // No content yet (a post or an edit on its way): the body as plain paragraphs until the backend's.
    // Made again only when the content changes: a vote or a new relative time leaves the text (and a
    // reader's selection in it) alone.
    const source = comment.content ?? comment.body;
    if (this.#mode !== 'content' || this.#source !== source) {
      body.replaceChildren(renderContent(typeof source === 'string' ? plainContent(source) : source));
      this.#mode = 'content';
      this.#source = source;
    }
  }
}

/** After the votes: Reply, with Edit and Delete on the reader's own comments, or the delete question. */
export class CommentActions {
  #id = '';
  #reply: HTMLButtonElement | null = null;
  #edit: HTMLButtonElement | null = null;
  #delete: HTMLButtonElement | null = null;
  #confirm: HTMLElement | null = null;
  #report: HTMLButtonElement | null = null;
  /** Moderators' buttons by action, made when a moderator first sees this comment. */
  #moderation: Map<string, HTMLButtonElement> | null = null;

  update(actions: Element, node: CommentNode, ctx: RenderContext): void {
    const { comment } = node;
    const { msg } = ctx;
    const id = comment.id;
    if (id !== this.#id) {
      this.#id = id;
      this.#reply = this.#edit = this.#delete = this.#confirm = this.#report = null;
      this.#moderation = null;
    }
    const wanted: Node[] = [];
    if (comment.status !== 'deleted' && !node.sending && !ctx.readonly) {
      if (ctx.confirmingDelete === id) {
        if (this.#confirm?.getAttribute('aria-label') !== msg.confirmDelete) {
          const group = textElement('span', msg.confirmDelete, 'confirm');
          group.setAttribute('role', 'group');
          group.setAttribute('aria-label', msg.confirmDelete);
          group.append(
            Object.assign(actionButton('secondary', 'delete', id), { textContent: msg.delete }),
            Object.assign(actionButton('secondary', 'cancel-delete', id), { textContent: msg.cancel }),
          );
          this.#confirm = group;
        }
        wanted.push(this.#confirm);
      } else {
        // The same Reply button while its composer opens and closes: focus and the click stay on it.
        if (!this.#reply) this.#reply = actionButton('link', 'reply', id);
        const reply = this.#reply;
        setAttr(reply, 'aria-expanded', ctx.replyTo === id ? 'true' : 'false');
        // Every comment has a Reply button: its name says to whom ("Reply to Ana").
        setAttr(reply, 'aria-label', msg.replyTo(comment.author.name));
        setText(reply, msg.reply);
        wanted.push(reply);
        if (node.canEdit) {
          if (!this.#edit) this.#edit = actionButton('link', 'edit', id);
          if (!this.#delete) this.#delete = actionButton('link', 'ask-delete', id);
          const [edit, remove] = [this.#edit, this.#delete];
          setText(edit, msg.edit);
          setText(remove, msg.delete);
          wanted.push(edit, remove);
        }
        const own = ctx.viewer !== null && ctx.viewer.id === comment.author.id;
        if (ctx.canReport && !own && comment.status === 'published') {
          if (!this.#report) this.#report = actionButton('link', 'report', id);
          const report = this.#report;
          setAttr(report, 'aria-expanded', ctx.reporting === id ? 'true' : 'false');
          setAttr(report, 'aria-label', msg.reportComment(comment.author.name));
          setText(report, msg.report);
          wanted.push(report);
        }
        // A moderator's buttons come from their own chunk, loaded only for moderators.
        if (ctx.moderator) {
          this.#moderation ??= new Map();
          wanted.push(...ctx.moderator.buttons(node, ctx, this.#moderation));
        }
      }
    }
    // What is shown is read from the DOM (all after the vote bar), not kept in an array per comment.
    place(actions, null, wanted, Array.from(actions.children).slice(1));
  }
}

function voteButton(button: HTMLButtonElement, label: string, pressed: boolean, disabled: boolean): void {
  setAttr(button, 'aria-label', label);
  setAttr(button, 'aria-pressed', pressed ? 'true' : 'false');
  if (button.disabled !== disabled) button.disabled = disabled;
}

/**
 * The vote buttons' state and the score, on the vote bar's three elements. The arrows are drawn by CSS;
 * the buttons carry the accessible names.
 */
export function updateVoteBar(vote: HTMLElement, node: CommentNode, ctx: RenderContext): void {
  const { comment } = node;
  const { msg } = ctx;
  const up = vote.firstElementChild as HTMLButtonElement;
  const score = up.nextElementSibling as HTMLElement;
  const down = score.nextElementSibling as HTMLButtonElement;
  setAttr(up, 'data-id', comment.id);
  setAttr(down, 'data-id', comment.id);
  const hidden = comment.status === 'deleted' || node.sending;
  if (vote.hidden !== hidden) vote.hidden = hidden;
  // Authors do not vote on their own comments (the reference server refuses it).
  const own = ctx.viewer !== null && ctx.viewer.id === comment.author.id;
  const disabled = ctx.readonly || comment.status !== 'published' || own;
  voteButton(up, msg.upvote(comment.author.name), comment.myVote === 1, disabled);
  voteButton(down, msg.downvote(comment.author.name), comment.myVote === -1, disabled);
  // A label on the group, which may carry one (on the plain span it was dropped): "Score 3".
  setAttr(vote, 'aria-label', msg.score(comment.score));
  setText(score, String(comment.score));
}
