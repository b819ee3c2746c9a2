import type { ReactiveElement } from 'lit';
import type { ReportReason } from '../../contract/wire';
import { CommentDeletedEvent } from '../../events/comment-deleted';
import { CommentEditedEvent } from '../../events/comment-edited';
import type { Messages } from '../../i18n/messages';
import type { CommentNode, PostInput, ThreadStore } from '../../store/types';
import { formKey, type ModeratorTools, nameErrorKey } from './templates/context';

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
  /** The comment whose report form is open. */
  reporting: string | null = null;
  /** The comment a moderator is rejecting. */
  rejecting: string | null = null;
  /** The comment whose author a moderator is banning. */
  banning: string | null = null;
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
    /** The moderators' chunk, when the viewer is one and it has loaded. */
    private readonly moderatorTools: () => ModeratorTools | null = () => null,
  ) {}

  /** Closes everything (a new store: other comments). */
  reset(): void {
    this.replyTo =
      this.editing =
      this.confirmingDelete =
      this.reporting =
      this.rejecting =
      this.banning =
        null;
  }

  #set(
    change: Partial<
      Pick<
        Forms,
        'replyTo' | 'editing' | 'confirmingDelete' | 'reporting' | 'rejecting' | 'banning' | 'changingName'
      >
    >,
  ) {
    Object.assign(this, change);
    this.host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.rendered();
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * Focus on a comment itself (made focusable for this), so the next Tab goes on from there and a screen
   * reader reads it; else on the first of `fallbacks` that exists.
   */
  async focusComment(id: string | null, ...fallbacks: string[]): Promise<void> {
    await this.rendered();
    const root = this.host.renderRoot;
    const article = id
      ? root.querySelector<HTMLElement>(`[data-comment="${CSS.escape(id)}"] > article`)
      : null;
    if (article) {
      article.tabIndex = -1;
      article.focus();
      return;
    }
    for (const selector of fallbacks) {
      const found = root.querySelector<HTMLElement>(selector);
      if (found) {
        if (found.tabIndex < 0 && !found.matches('button, input, textarea')) found.tabIndex = -1;
        found.focus();
        return;
      }
    }
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

  /** Report opens the report form under the comment (its first choice focused); pressed again, closes it. */
  toggleReport(id: string): void {
    if (this.reporting === id) this.cancelReport(id);
    else {
      this.#set({ reporting: id, replyTo: null });
      void this.#focus(`form[data-form="${formKey.report(id)}"] input[name="reason"]`);
    }
  }

  /** Reject asks for the reason its author will read, in a form under the comment. */
  askReject(id: string): void {
    this.#set({ rejecting: id, replyTo: null, reporting: null });
    void this.#focus(`form[data-form="${formKey.reject(id)}"] textarea`);
  }

  /** Ban asks whom, for how long and why, in a form under the comment. */
  askBan(id: string): void {
    if (this.banning === id) {
      this.cancelBan(id);
      return;
    }
    this.#set({ banning: id, replyTo: null, reporting: null, rejecting: null });
    void this.#focus(`form[data-form="${formKey.ban(id)}"] input[name="scope"]`);
  }

  cancelBan(id: string): void {
    this.#set({ banning: null });
    void this.#focus(`[data-comment="${id}"] button[data-action="ask-ban"]`);
  }

  cancelReject(id: string): void {
    this.#set({ rejecting: null });
    void this.#focus(`[data-comment="${id}"] button[data-action="moderate"][data-value="reject"]`);
  }

  /** Reject and Ban: what the form says is read by the moderators' chunk, which sends it. */
  async #sendModeration(form: HTMLFormElement, key: string, store: ThreadStore): Promise<void> {
    const tools = this.moderatorTools();
    if (!tools) return;
    if (await this.#whileSubmitting(key, () => tools.submit(form, key, store)))
      this.#set({ rejecting: null, banning: null });
  }

  /** Marks the form's submit as in flight (its button disabled) while `send` runs. */
  async #whileSubmitting(key: string, send: () => Promise<boolean>): Promise<boolean> {
    this.submitting = new Set(this.submitting).add(key);
    this.host.requestUpdate();
    try {
      return await send();
    } finally {
      const submitting = new Set(this.submitting);
      submitting.delete(key);
      this.submitting = submitting;
      this.host.requestUpdate();
    }
  }

  cancelReport(id: string): void {
    this.#setError(formKey.report(id), null);
    this.#set({ reporting: null });
    void this.#focus(`[data-comment="${id}"] button[data-action="report"]`);
  }

  async #sendReport(form: HTMLFormElement, key: string, store: ThreadStore): Promise<void> {
    const id = key.slice('report:'.length);
    const reason = (form.elements.namedItem('reason') as RadioNodeList | null)?.value as
      | ReportReason
      | undefined;
    const detail = (form.elements.namedItem('detail') as HTMLTextAreaElement | null)?.value.trim() ?? '';
    if (!reason) return;
    if (reason === 'illegal' && !detail) {
      this.#setError(key, this.messages().reportDetailRequired);
      form.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    this.#setError(key, null);
    if (await this.#whileSubmitting(key, () => store.report(id, reason, detail || undefined)))
      this.cancelReport(id);
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

  /**
   * Deletes after the reader confirmed. Focus stays with the comment (its tombstone when it has replies),
   * or moves to the comment that took its place, the one before it, or the heading: never to the page.
   */
  async delete(id: string): Promise<void> {
    const item = this.host.renderRoot.querySelector(`[data-comment="${CSS.escape(id)}"]`);
    const next = item?.nextElementSibling?.getAttribute('data-comment') ?? null;
    const previous = item?.previousElementSibling?.getAttribute('data-comment') ?? null;
    this.#set({ confirmingDelete: null });
    const store = this.store();
    if (!store || !(await store.remove(id))) return;
    this.host.dispatchEvent(new CommentDeletedEvent(store.thread, id));
    const kept = findNode(store.$view.get().roots, id) ? id : null;
    const around = [next, previous].filter((other): other is string => other !== null);
    await this.focusComment(
      kept ?? around[0] ?? null,
      ...around.map((other) => `[data-comment="${CSS.escape(other)}"] > article`),
      '#count',
    );
  }

  changeName(): void {
    this.#set({ changingName: true });
    void this.#focus('input[name="authorName"]');
  }

  /** Closes a reply or edit composer and puts focus back on the button that opened it. */
  close(key: string): void {
    this.#setError(key, null);
    this.#setError(nameErrorKey(key), null);
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
    if (key && !this.#writingSince.has(key)) this.#writingSince.set(key, performance.now());
    if (key && !key.startsWith('edit:')) this.store()?.saveDraft(key, field.value);
  };

  /** When the reader started typing in each composer: how long they wrote goes with the post. */
  readonly #writingSince = new Map<string, number>();

  /** Escape closes the composer it is pressed in, or the delete confirmation; Ctrl/Cmd+Enter posts. */
  handleKeydown = (event: KeyboardEvent): void => {
    if (
      event.key === 'Enter' &&
      (event.ctrlKey || event.metaKey) &&
      event.target instanceof HTMLTextAreaElement
    ) {
      const form = event.target.form;
      if (form?.dataset.form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
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
    if (key.startsWith('report:')) return this.#sendReport(form, key, store);
    if (key.startsWith('reject:') || key.startsWith('ban:')) return this.#sendModeration(form, key, store);
    const msg = this.messages();
    const textarea = form.elements.namedItem('body') as HTMLTextAreaElement | null;
    const nameInput = form.elements.namedItem('authorName') as HTMLInputElement | null;
    const body = textarea?.value ?? '';
    const authorName = nameInput ? nameInput.value.trim() : store.$guestName.get();

    // Each problem on its own field: the comment box, or the name field (errors under `key#name`).
    const emptyBody = !body.trim();
    const noName = !emptyBody && !!nameInput && !authorName;
    this.#setError(key, emptyBody ? msg.emptyBody : null);
    this.#setError(nameErrorKey(key), noName ? msg.nameRequired : null);
    if (emptyBody || noName) {
      (noName ? nameInput : textarea)?.focus();
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
      const started = this.#writingSince.get(key);
      const honeypot = (form.elements.namedItem('website') as HTMLInputElement | null)?.value ?? '';
      const input: PostInput = authorName ? { parentId, body, authorName } : { parentId, body };
      // A draft restored after a reload was written before: only time typed on this page is known.
      if (started !== undefined) input.writeMs = Math.round(performance.now() - started);
      if (honeypot) input.website = honeypot;
      // A post that cannot be sent now is kept (outbox) and shown as pending: the composer is done too.
      const outcome = await store.send(input);
      if (outcome.status === 'refused') return;
      this.#writingSince.delete(key);
      if (textarea) textarea.value = '';
      this.#set({ changingName: false });
      if (parentId) this.close(key);
      // Focus goes to the new comment (the Tab after it reaches the rest of the thread), not to the page
      // as the disabled Post button drops it. A queued post has its local id as its key.
      else void this.focusComment(outcome.status === 'posted' ? outcome.comment.id : outcome.id);
    } finally {
      const submitting = new Set(this.submitting);
      submitting.delete(key);
      this.submitting = submitting;
      this.host.requestUpdate();
    }
  };
}
