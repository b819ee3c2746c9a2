/**
 * The parts of a comment that vary in shape, kept by element directives (see ElementDirective): the
 * avatar's image, the badges and state around the time, the body, the action buttons and the inline
 * reply composer. Most comments have the same shape, so these mostly compare and return.
 */
import { type ElementPart, noChange, nothing, render } from 'lit';
import { directive } from 'lit/directive.js';
import { plainContent } from '../../../markdown/ast';
import { renderContent } from '../../../markdown/render';
import type { CommentNode } from '../../../store/types';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import {
  actionButton,
  ElementDirective,
  nestedOptions,
  place,
  setAttr,
  setText,
  textElement,
} from './element-directive';

/** A directive that keeps part of one comment's element, from the comment's node and the render context. */
export abstract class CommentDirective extends ElementDirective {
  render(_node: CommentNode, _ctx: RenderContext) {
    return noChange;
  }

  abstract override update(part: ElementPart, props: [CommentNode, RenderContext]): unknown;
}

class AvatarImage extends ElementDirective {
  #img: HTMLImageElement | null = null;

  render(_src: string | null) {
    return noChange;
  }

  override update(part: ElementPart, [src]: [string | null]) {
    if (src === null) {
      this.#img?.remove();
      return noChange;
    }
    if (!this.#img) {
      const img = document.createElement('img');
      img.alt = '';
      img.width = 32;
      img.height = 32;
      img.loading = 'lazy';
      img.referrerPolicy = 'no-referrer';
      this.#img = img;
    }
    setAttr(this.#img, 'src', src);
    if (this.#img.parentNode !== part.element) part.element.append(this.#img);
    return noChange;
  }
}

/** An image inside the avatar; without one, CSS draws the initials from `data-initials`. */
export const avatarImage = directive(AvatarImage);

interface Tag {
  className: string;
  text: string;
  time?: string;
}

const tagKey = (tags: readonly Tag[]): string =>
  tags.map((t) => `${t.className}\u0001${t.text}\u0001${t.time ?? ''}`).join('\u0002');

function tagNodes(tags: readonly Tag[]): HTMLElement[] {
  return tags.map((tag) => {
    const span = textElement('span', tag.text, tag.className);
    // The exact time of the edit becomes the hover title when a pointer reaches it (see the element).
    if (tag.time) span.dataset.time = tag.time;
    return span;
  });
}

class MetaTags extends CommentDirective {
  #before: HTMLElement[] = [];
  #after: HTMLElement[] = [];
  #key = '';

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const { comment } = node;
    const before: Tag[] = [];
    if (comment.author.role === 'moderator') before.push({ className: 'badge', text: 'mod' });
    if (comment.pinned) before.push({ className: 'badge', text: ctx.msg.pinned });
    if (node.replyingTo) before.push({ className: '', text: `↳ ${ctx.msg.replyingTo(node.replyingTo)}` });
    const after: Tag[] = [];
    const edited = comment.editedAt && comment.status !== 'deleted' ? comment.editedAt : null;
    if (edited) after.push({ className: '', text: ctx.msg.edited, time: edited });
    if (node.pending) after.push({ className: 'not-sent', text: ctx.msg.notSent });
    else if (node.sending) after.push({ className: '', text: ctx.msg.sending });
    const key = `${tagKey(before)}\u0003${tagKey(after)}`;
    if (key === this.#key) return noChange;
    this.#key = key;
    const meta = part.element;
    const time = meta.querySelector(':scope > time');
    const nextBefore = tagNodes(before);
    const nextAfter = tagNodes(after);
    place(meta, time, nextBefore, this.#before);
    place(meta, null, nextAfter, this.#after);
    this.#before = nextBefore;
    this.#after = nextAfter;
    return noChange;
  }
}

/**
 * Badges and "replying to" before the time, "edited" and "sending…" / "not sent yet" after it. Most
 * comments have none.
 */
export const metaTags = directive(MetaTags);

type Shown = { mode: 'none' } | { mode: 'content'; source: unknown } | { mode: 'deleted'; text: string };

class CommentBody extends CommentDirective {
  #shown: Shown = { mode: 'none' };
  #editor: HTMLDivElement | null = null;

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const { comment } = node;
    const body = part.element;
    if (ctx.editing === comment.id && comment.status !== 'deleted') {
      this.#editor ??= document.createElement('div');
      if (this.#editor.parentNode !== body) body.replaceChildren(this.#editor);
      this.#shown = { mode: 'none' };
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
        nestedOptions(part),
      );
      return noChange;
    }
    // The next edit starts from a fresh form with the saved body, not from this one's leftovers.
    if (this.#editor?.parentNode) render(nothing, this.#editor, nestedOptions(part));
    if (comment.status === 'deleted') {
      const text = ctx.msg.deleted;
      if (this.#shown.mode !== 'deleted' || this.#shown.text !== text) {
        body.replaceChildren(textElement('p', text));
        this.#shown = { mode: 'deleted', text };
      }
      return noChange;
    }
    // No content yet (a post or an edit on its way): the body as plain paragraphs until the backend's.
    // Made again only when the content changes: a vote or a new relative time leaves the text (and a
    // reader's selection in it) alone.
    const source = comment.content ?? comment.body;
    if (this.#shown.mode !== 'content' || this.#shown.source !== source) {
      body.replaceChildren(renderContent(typeof source === 'string' ? plainContent(source) : source));
      this.#shown = { mode: 'content', source };
    }
    return noChange;
  }
}

/** What the body shows: the content, the deleted placeholder, or the edit form. */
export const commentBody = directive(CommentBody);

class CommentActions extends CommentDirective {
  #id = '';
  #shown: Node[] = [];
  #reply: HTMLButtonElement | null = null;
  #edit: HTMLButtonElement | null = null;
  #delete: HTMLButtonElement | null = null;
  #confirm: HTMLElement | null = null;

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const { comment } = node;
    const { msg } = ctx;
    const id = comment.id;
    if (id !== this.#id) {
      this.#id = id;
      this.#reply = this.#edit = this.#delete = this.#confirm = null;
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
      }
    }
    place(part.element, null, wanted, this.#shown);
    this.#shown = wanted;
    return noChange;
  }
}

/** After the votes: Reply, with Edit and Delete on the reader's own comments, or the delete question. */
export const commentActions = directive(CommentActions);

function voteButton(button: HTMLButtonElement, label: string, pressed: boolean, disabled: boolean): void {
  setAttr(button, 'aria-label', label);
  setAttr(button, 'aria-pressed', pressed ? 'true' : 'false');
  if (button.disabled !== disabled) button.disabled = disabled;
}

class VoteBar extends CommentDirective {
  #id = '';
  #score: HTMLElement | null = null;
  #up: HTMLButtonElement | null = null;
  #down: HTMLButtonElement | null = null;

  override update(part: ElementPart, [node, ctx]: [CommentNode, RenderContext]) {
    const { comment } = node;
    const { msg } = ctx;
    const vote = part.element as HTMLElement;
    // The template's three children, looked up once, with no arrays: this runs for every comment shown.
    if (!this.#up) {
      this.#up = vote.firstElementChild as HTMLButtonElement;
      this.#score = this.#up.nextElementSibling as HTMLElement;
      this.#down = this.#score.nextElementSibling as HTMLButtonElement;
    }
    const up = this.#up;
    const score = this.#score as HTMLElement;
    const down = this.#down as HTMLButtonElement;
    if (comment.id !== this.#id) {
      this.#id = comment.id;
      up.dataset.id = comment.id;
      down.dataset.id = comment.id;
    }
    const hidden = comment.status === 'deleted' || node.sending;
    if (vote.hidden !== hidden) vote.hidden = hidden;
    const disabled = ctx.readonly || comment.status !== 'published';
    voteButton(up, msg.upvote, comment.myVote === 1, disabled);
    voteButton(down, msg.downvote, comment.myVote === -1, disabled);
    setAttr(score, 'aria-label', msg.score(comment.score));
    setText(score, String(comment.score));
    return noChange;
  }
}

/**
 * The vote buttons' state and the score, on the vote bar's three elements: one part instead of eleven
 * per comment. The arrows are drawn by CSS; the buttons carry the accessible names.
 */
export const voteBar = directive(VoteBar);

class RenderAtEnd extends ElementDirective {
  #used = false;

  render(_value: unknown) {
    return noChange;
  }

  override update(part: ElementPart, [value]: [unknown]) {
    // Nothing, not even a marker, until there is something to show.
    if (value === nothing && !this.#used) return noChange;
    this.#used = true;
    render(value, part.element as HTMLElement, nestedOptions(part));
    return noChange;
  }
}

/** Renders `value` (a Lit template or nothing) at the end of the element: the inline reply composer. */
export const renderAtEnd = directive(RenderAtEnd);
