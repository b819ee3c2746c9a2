import type { ReactiveElement } from 'lit';
import { CommentDeletedEvent } from '../../events/comment-deleted';
import { CommentEditedEvent } from '../../events/comment-edited';
import type { Messages } from '../../i18n/messages';
import type { CommentNode, ThreadStore } from '../../store/types';
import { formKey } from './templates/context';

function findNode(nodes: readonly CommentNode[], id: string): CommentNode | null {
  for (const node of nodes) {
    if (node.comment.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return null;
}

/**
 * The widget's forms and confirmations: which reply or edit composer is open, the delete confirmation,
 * the guest-name field, field errors and submits in flight; what Submit, typing (drafts) and Escape do;
 * and where focus goes when a composer opens or closes. The element owns one and re-renders on every
 * change.
 */
export class Forms {
  /** The comment whose inline reply composer is open. */
  replyTo: string | null = null;
  editing: string | null = null;
  confirmingDelete: string | null = null;
  /** The reader asked to change the remembered name. */
  changingName = false;
  /** Field errors by form key. */
  formErrors: ReadonlyMap<string, string> = new Map();
  /** Form keys whose submit is in flight. */
  submitting: ReadonlySet<string> = new Set();

  constructor(
    private readonly host: ReactiveElement,
    /** The element's working store (null until it has one). */
    private readonly store: () => ThreadStore | null,
    private readonly messages: () => Messages,
    /** Resolves after the next render, without waiting for a long list's later slices. */
    private readonly rendered: () => Promise<unknown>,
  ) {}

  /** Closes everything (a new store: other comments). */
  reset(): void {
    this.replyTo = this.editing = this.confirmingDelete = null;
  }

  #set(change: Partial<Pick<Forms, 'replyTo' | 'editing' | 'confirmingDelete' | 'changingName'>>) {
    Object.assign(this, change);
    this.host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.rendered();
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #setError(key: string, message: string | null): void {
    const errors = new Map(this.formErrors);
    if (message) errors.set(key, message);
    else errors.delete(key);
    this.formErrors = errors;
    this.host.requestUpdate();
  }

  /** Reply opens the composer under the comment (focused); pressed again, it closes it. */
  toggleReply(id: string): void {
    if (this.replyTo === id) this.close(formKey.reply(id));
    else {
      this.#set({ replyTo: id });
      void this.#focus(`form[data-form="${formKey.reply(id)}"] textarea`);
    }
  }

  edit(id: string): void {
    this.#set({ editing: id, confirmingDelete: null });
    void this.#focus(`form[data-form="${formKey.edit(id)}"] textarea`);
  }

  askDelete(id: string): void {
    this.#set({ confirmingDelete: id });
    void this.#focus(`[data-comment="${id}"] button[data-action="delete"]`);
  }

  cancelDelete(id: string): void {
    this.#set({ confirmingDelete: null });
    void this.#focus(`[data-comment="${id}"] button[data-action="ask-delete"]`);
  }

  async delete(id: string): Promise<void> {
    this.#set({ confirmingDelete: null });
    const store = this.store();
    if (store && (await store.remove(id))) this.host.dispatchEvent(new CommentDeletedEvent(store.thread, id));
  }

  changeName(): void {
    this.#set({ changingName: true });
    void this.#focus('input[name="authorName"]');
  }

  /** Closes a reply or edit composer and puts focus back on the button that opened it. */
  close(key: string): void {
    this.#setError(key, null);
    const [kind, id] = key.split(/:(.*)/);
    if (kind === 'reply') this.#set({ replyTo: null });
    else if (kind === 'edit') this.#set({ editing: null });
    else return;
    void this.#focus(`[data-comment="${id}"] button[data-action="${kind}"]`);
  }

  /** Keeps what the reader types in a new comment or reply as a draft (saved per thread, debounced). */
  handleInput = (event: Event): void => {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || field.name !== 'body') return;
    const key = field.closest<HTMLFormElement>('form[data-form]')?.dataset.form;
    if (key && !key.startsWith('edit:')) this.store()?.saveDraft(key, field.value);
  };

  /** Escape closes the composer it is pressed in, or the delete confirmation. */
  handleKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    const key = (event.target as Element).closest<HTMLFormElement>('form[data-form]')?.dataset.form;
    if (key && key !== formKey.root) {
      event.preventDefault();
      this.close(key);
    } else if (this.confirmingDelete) {
      this.cancelDelete(this.confirmingDelete);
    }
  };

  handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const key = form.dataset.form;
    const store = this.store();
    if (!key || !store || this.submitting.has(key)) return;
    const msg = this.messages();
    const textarea = form.elements.namedItem('body') as HTMLTextAreaElement | null;
    const nameInput = form.elements.namedItem('authorName') as HTMLInputElement | null;
    const body = textarea?.value ?? '';
    const authorName = nameInput ? nameInput.value.trim() : store.$guestName.get();

    const problem = !body.trim() ? msg.emptyBody : nameInput && !authorName ? msg.nameRequired : null;
    this.#setError(key, problem);
    if (problem) {
      (nameInput && !authorName && body.trim() ? nameInput : textarea)?.focus();
      return;
    }
    this.submitting = new Set(this.submitting).add(key);
    this.host.requestUpdate();
    try {
      if (key.startsWith('edit:')) {
        const id = key.slice('edit:'.length);
        if (await store.edit(id, body)) {
          this.close(key);
          const edited = findNode(store.$view.get().roots, id);
          if (edited) this.host.dispatchEvent(new CommentEditedEvent(edited.comment));
        }
        return;
      }
      const parentId = form.dataset.parent || null;
      const input = authorName ? { parentId, body, authorName } : { parentId, body };
      // A post that cannot be sent now is kept (outbox) and shown as pending: the composer is done too.
      const outcome = await store.send(input);
      if (outcome.status === 'refused') return;
      if (textarea) textarea.value = '';
      this.#set({ changingName: false });
      if (parentId) this.close(key);
    } finally {
      const submitting = new Set(this.submitting);
      submitting.delete(key);
      this.submitting = submitting;
      this.host.requestUpdate();
    }
  };
}
