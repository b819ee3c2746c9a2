/**
 * The parts of a comment that vary in shape, each kept by a small object that the comment's one
 * directive (see comment.ts) owns and updates: the avatar's image, the badges and state around the
 * time, the body, the action buttons and the vote bar. Most comments have the same shape, so these
 * mostly compare and return. They are plain objects, not Lit directives, so a comment costs one Lit
 * part instead of one per piece (fewer objects per comment for the garbage collector to copy while a
 * long list renders).
 */
import { nothing, type RenderOptions, render } from 'lit';
import { plainContent } from '../../../markdown/ast';
import { renderContent } from '../../../markdown/render';
import type { CommentNode } from '../../../store/types';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { actionButton, place, setAttr, setText, textElement } from './element-directive';

/** An image inside the avatar; without one, CSS draws the initials from `data-initials`. */
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
      this.#img = img;
    }
    setAttr(this.#img, 'src', src);
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

function tagNodes(tags: readonly Tag[]): HTMLElement[] {
  return tags.map((tag) => {
    const span = textElement('span', tag.text, tag.className);
    // The exact time of the edit becomes the hover title when a pointer reaches it (see the element).
    if (tag.time) span.dataset.time = tag.time;
    return span;
  });
}

/**
 * Badges and "replying to" before the time, "edited" and "sending…" / "not sent yet" after it. Most
 * comments have none.
 */
export class MetaTags {
  #before: HTMLElement[] = [];
  #after: HTMLElement[] = [];
  #key = '';

  update(meta: Element, time: Element, node: CommentNode, ctx: RenderContext): void {
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
    if (key === this.#key) return;
    this.#key = key;
    const nextBefore = tagNodes(before);
    const nextAfter = tagNodes(after);
    place(meta, time, nextBefore, this.#before);
    place(meta, null, nextAfter, this.#after);
    this.#before = nextBefore;
    this.#after = nextAfter;
  }
}

type Shown = { mode: 'none' } | { mode: 'content'; source: unknown } | { mode: 'deleted'; text: string };

/** What the body shows: the content, the deleted placeholder, or the edit form. */
export class CommentBody {
  #shown: Shown = { mode: 'none' };
  #editor: HTMLDivElement | null = null;

  update(body: Element, node: CommentNode, ctx: RenderContext, options: RenderOptions): void {
    const { comment } = node;
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
        options,
      );
      return;
    }
    // The next edit starts from a fresh form with the saved body, not from this one's leftovers.
    if (this.#editor?.parentNode) render(nothing, this.#editor, options);
    if (comment.status === 'deleted') {
      const text = ctx.msg.deleted;
      if (this.#shown.mode !== 'deleted' || this.#shown.text !== text) {
        body.replaceChildren(textElement('p', text));
        this.#shown = { mode: 'deleted', text };
      }
      return;
    }
    // No content yet (a post or an edit on its way): the body as plain paragraphs until the backend's.
    // Made again only when the content changes: a vote or a new relative time leaves the text (and a
    // reader's selection in it) alone.
    const source = comment.content ?? comment.body;
    if (this.#shown.mode !== 'content' || this.#shown.source !== source) {
      body.replaceChildren(renderContent(typeof source === 'string' ? plainContent(source) : source));
      this.#shown = { mode: 'content', source };
    }
  }
}

/** After the votes: Reply, with Edit and Delete on the reader's own comments, or the delete question. */
export class CommentActions {
  #id = '';
  #shown: Node[] = [];
  #reply: HTMLButtonElement | null = null;
  #edit: HTMLButtonElement | null = null;
  #delete: HTMLButtonElement | null = null;
  #confirm: HTMLElement | null = null;

  update(actions: Element, node: CommentNode, ctx: RenderContext): void {
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
    place(actions, null, wanted, this.#shown);
    this.#shown = wanted;
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
export class VoteBar {
  #id = '';
  #score: HTMLElement | null = null;
  #up: HTMLButtonElement | null = null;
  #down: HTMLButtonElement | null = null;

  update(vote: HTMLElement, node: CommentNode, ctx: RenderContext): void {
    const { comment } = node;
    const { msg } = ctx;
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
  }
}
