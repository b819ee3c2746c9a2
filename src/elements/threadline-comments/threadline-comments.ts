import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Adapter, Sort, VoteValue } from '../../adapters/adapter';
import { createAdapter } from '../../adapters/create';
import { NearViewportController } from '../../controllers/near-viewport';
import { RenderSlicer } from '../../controllers/render-slicer';
import { StoreController } from '../../controllers/store-controller';
import { TickerController } from '../../controllers/ticker';
import { CommentDeletedEvent } from '../../events/comment-deleted';
import { CommentEditedEvent } from '../../events/comment-edited';
import { CommentPostedEvent } from '../../events/comment-posted';
import { SortChangedEvent } from '../../events/sort-changed';
import { VoteChangedEvent } from '../../events/vote-changed';
import { loadMessages, messagesFor } from '../../i18n/messages';
import { createThreadStore } from '../../store';
import type { CommentNode, ThreadStore, ThreadStoreOptions } from '../../store/types';
import { warnOnce } from '../../warnings';
import { type ConfigProblem, resolveConfig, type WidgetConfig } from './config';
import { ReservedSpace } from './reserved-space';
import { formKey, type RenderContext } from './templates/context';
import { renderThread } from './templates/thread';
import { styles } from './threadline-comments.styles';

function findNode(nodes: readonly CommentNode[], id: string): CommentNode | null {
  for (const node of nodes) {
    if (node.comment.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return null;
}

/** Properties whose change means a different backend or thread: the store is rebuilt. */
const STORE_KEYS = ['thread', 'adapter', 'api', 'token', 'pageSize', 'maxDepth', 'live'] as const;
const CONFIG_KEYS = [...STORE_KEYS, 'sort', 'locale', 'theme', 'loading'] as const;

/**
 * A threaded comment section for one article.
 *
 * @tagname threadline-comments
 * @summary Threaded comments with inline replies, votes, sorting and markdown, on any backend.
 *
 * @fires threadline-comment-posted - A comment or reply was stored. `detail.comment`.
 * @fires threadline-comment-edited - The reader's edit was stored. `detail.comment`.
 * @fires threadline-comment-deleted - The reader deleted a comment. `detail.id`, `detail.thread`.
 * @fires threadline-vote-changed - The reader's vote was accepted. `detail.id`, `detail.value`.
 * @fires threadline-sort-changed - The reader picked a sort order. `detail.sort`.
 *
 * @csspart header - The bar with the comment count and the sort toggle.
 * @csspart sort - The sort toggle group.
 * @csspart composer - Every comment form (new comment, inline reply, edit).
 * @csspart list - The list of top-level comments.
 * @csspart comment - One comment (author line, body, actions).
 * @csspart avatar - The author's avatar or initials.
 * @csspart body - The rendered comment text.
 * @csspart actions - Vote, reply, edit and delete controls of a comment.
 * @csspart vote - The vote buttons and score.
 * @csspart replies - The nested list of replies under a comment.
 * @csspart notice - The message shown after an action fails.
 *
 * @cssproperty [--threadline-font-family=system-ui, sans-serif] - Font of the whole widget.
 * @cssproperty [--threadline-font-size=1rem] - Base font size.
 * @cssproperty [--threadline-color-text=#1d2127] - Text color (dark theme: #e6e8eb).
 * @cssproperty [--threadline-color-muted=#555c65] - Secondary text: times, hints (dark: #a9b0b9).
 * @cssproperty [--threadline-color-bg=transparent] - Background of the widget and its fields.
 * @cssproperty [--threadline-color-surface=#f4f5f7] - Background of code, notices and the sort toggle.
 * @cssproperty [--threadline-color-border=#d5d9de] - Borders and reply guide lines.
 * @cssproperty [--threadline-color-danger=#b3261e] - Errors and the delete confirmation.
 * @cssproperty [--threadline-accent=#1f5fbf] - Buttons, links, the chosen sort, pressed votes.
 * @cssproperty [--threadline-accent-contrast=#ffffff] - Text on accent-colored buttons.
 * @cssproperty [--threadline-radius=8px] - Corner radius of fields, buttons and notices.
 * @cssproperty [--threadline-space=1rem] - Base spacing between comments and sections.
 * @cssproperty [--threadline-avatar-size=2rem] - Avatar diameter.
 * @cssproperty [--threadline-indent=1.25rem] - Indentation of each reply level.
 * @cssproperty [--threadline-focus-ring=0 0 0 3px (accent at 45%)] - Box shadow of focused controls.
 */
export class ThreadlineComments extends LitElement {
  static override styles = styles;

  static override properties = {
    thread: { type: String },
    adapter: { attribute: 'adapter' },
    api: { type: String },
    token: { type: String },
    sort: { type: String },
    pageSize: { type: Number, attribute: 'page-size' },
    maxDepth: { type: Number, attribute: 'max-depth' },
    locale: { type: String },
    theme: { type: String },
    readonly: { type: Boolean, reflect: true },
    loading: { type: String },
    live: { type: String },
    replyTo: { state: true },
    editing: { state: true },
    confirmingDelete: { state: true },
    changingName: { state: true },
    formErrors: { state: true },
    submitting: { state: true },
  };

  /** Registers the element; a second call (or a second copy of the script) is harmless. */
  static define(tag = 'threadline-comments', registry: CustomElementRegistry = customElements): void {
    if (registry.get(tag)) return;
    // `this`, not the class name, so a subclass defines itself. A class can back only one tag per
    // registry, so other tags get a subclass.
    // biome-ignore lint/complexity/noThisInStatic: subclasses must register themselves, not the base class
    registry.define(tag, tag === 'threadline-comments' ? this : class extends this {});
  }

  /** Stable key of the article's thread (required). */
  declare thread: string;
  /** `memory`, `local` or `rest`, or (as a property) any object implementing the Adapter interface. */
  declare adapter: string | Adapter;
  /** Base URL of the reference server, for `adapter="rest"`. */
  declare api: string;
  /** A site's signed login token (JWT) sent to the rest backend. */
  declare token: string;
  /** Initial sort (`newest`, `oldest`, `top`); a reader's own choice is remembered and wins. */
  declare sort: string;
  /** Top-level comments per page (1–100, default 20). */
  declare pageSize: number | undefined;
  /** Deepest reply level shown indented (0–10, default 4). */
  declare maxDepth: number | undefined;
  /** BCP 47 language for texts and times; defaults to the browser's. */
  declare locale: string;
  /** `light` (default), `dark` or `auto` (follows prefers-color-scheme). */
  declare theme: string;
  /** Show comments without any way to write, vote or reply. */
  declare readonly: boolean;
  /** `lazy` (default): load nothing until about one screen from the viewport; `eager`: load at once. */
  declare loading: string;
  /**
   * Live updates (`on` by default; `off` or `false` turns them off): new comments from other readers wait
   * behind an "N new comments" button, replies appear under their parent, votes and edits apply quietly.
   */
  declare live: string;

  declare private replyTo: string | null;
  declare private editing: string | null;
  declare private confirmingDelete: string | null;
  declare private changingName: boolean;
  declare private formErrors: ReadonlyMap<string, string>;
  declare private submitting: ReadonlySet<string>;

  private config: WidgetConfig | null = null;
  private problems: ConfigProblem[] = [];
  private store: ThreadStore | null = null;
  private readonly storeController = new StoreController(this);
  private readonly ticker = new TickerController(this);
  private readonly nearViewport = new NearViewportController(this);
  private readonly slicer = new RenderSlicer(this);
  private readonly reserved = new ReservedSpace(this);

  constructor() {
    super();
    this.thread = '';
    this.adapter = '';
    this.api = '';
    this.token = '';
    this.sort = '';
    this.pageSize = undefined;
    this.maxDepth = undefined;
    this.locale = '';
    this.theme = '';
    this.readonly = false;
    this.loading = '';
    this.live = '';
    this.replyTo = null;
    this.editing = null;
    this.confirmingDelete = null;
    this.changingName = false;
    this.formErrors = new Map();
    this.submitting = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move: the store was disposed on disconnect.
    if (this.config && !this.store) this.requestUpdate('thread');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store?.dispose();
    this.store = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const configChanged = CONFIG_KEYS.some((key) => changed.has(key)) || this.config === null;
    if (configChanged) this.applyConfig();
    if (this.config?.loading === 'eager') this.nearViewport.force();
    // Until the widget is near the viewport there is no store: no request, no backend chunk.
    const storeChanged = STORE_KEYS.some((key) => changed.has(key)) || (this.isConnected && !this.store);
    if (storeChanged && this.isConnected && this.nearViewport.near) this.rebuildStore();
    else if (changed.has('sort') && this.store && this.config?.sort)
      void this.store.setSort(this.config.sort);
  }

  private applyConfig(): void {
    const { config, problems } = resolveConfig({
      thread: this.thread,
      adapter: this.adapter,
      api: this.api,
      sort: this.sort,
      pageSize: this.pageSize,
      maxDepth: this.maxDepth,
      locale: this.locale,
      theme: this.theme,
      loading: this.loading,
      live: this.live,
    });
    for (const problem of problems) warnOnce(problem.code, problem.message);
    this.config = config;
    this.problems = problems;
    // English is built in; another language's texts arrive as a chunk, then the widget renders again.
    void loadMessages(config.locale).then((loaded) => loaded && this.requestUpdate());
  }

  private rebuildStore(): void {
    this.store?.dispose();
    this.store = null;
    this.replyTo = this.editing = this.confirmingDelete = null;
    const config = this.config;
    if (!config || this.problems.some((p) => p.fatal)) {
      this.storeController.watch([]);
      return;
    }
    let adapter: Adapter;
    try {
      adapter =
        typeof config.adapter === 'string'
          ? createAdapter(config.adapter, { api: config.api, token: this.token || null })
          : config.adapter;
    } catch (error) {
      // A broken custom adapter or storage must not throw into the host page.
      warnOnce(
        'THREADLINE_ADAPTER_FAILED',
        `the ${String(config.adapter)} backend could not start: ${String(error)}`,
      );
      this.problems = [
        ...this.problems,
        { code: 'THREADLINE_ADAPTER_FAILED', message: String(error), fatal: true },
      ];
      this.storeController.watch([]);
      return;
    }
    const options: ThreadStoreOptions = {
      adapter,
      thread: config.thread,
      pageSize: config.pageSize,
      maxDepth: config.maxDepth,
      live: config.live,
    };
    if (config.sort) options.sort = config.sort;
    const store = createThreadStore(options);
    this.store = store;
    this.storeController.watch([store.$view, store.$notice, store.$guestName]);
    void store.load();
  }

  protected override render() {
    const config = this.config;
    const msg = messagesFor(config?.locale ?? 'en');
    const fatal = this.problems.find((p) => p.fatal);
    if (config && !fatal && !this.store && !this.nearViewport.near) return this.renderPlaceholder(config);
    if (!config || fatal || !this.store) {
      return html`<div class="root" data-theme=${config?.theme ?? 'light'}>
        <p class="notice error" part="notice" role="alert">
          ${msg.notConfigured} ${fatal ? html`<code>${fatal.message}</code>` : nothing}
        </p>
      </div>`;
    }
    const store = this.store;
    const view = store.$view.get();
    const roots = this.slicer.take(view.roots);
    const ctx: RenderContext = {
      msg,
      locale: config.locale,
      now: this.ticker.now(),
      readonly: this.readonly || view.info?.closed === true,
      replyTo: this.replyTo,
      editing: this.editing,
      confirmingDelete: this.confirmingDelete,
      formErrors: this.formErrors,
      submitting: this.submitting,
      viewer: view.viewer,
      guestName: store.$guestName.get(),
      changingName: this.changingName,
      draft: (key) => store.draft(key),
      draftVersions: view.draftVersions,
    };
    // The reserved height stays while the first page loads, so the page below does not move.
    if (view.status === 'idle' || view.status === 'pending')
      this.reserved.hold(config.pageSize, this.readonly);
    return html`<div
      class="root"
      data-theme=${config.theme}
      @click=${this.handleClick}
      @submit=${this.handleSubmit}
      @keydown=${this.handleKeydown}
      @input=${this.handleInput}
    >
      ${renderThread(view, roots, store.$notice.get(), ctx, this.readonly)}
    </div>`;
  }

  /** Before the widget is near the viewport: nothing loaded, only the space the first page will take. */
  private renderPlaceholder(config: WidgetConfig) {
    const msg = messagesFor(config.locale);
    this.reserved.hold(config.pageSize, this.readonly);
    return html`<div class="root placeholder" data-theme=${config.theme}>
      <p class="status">${msg.loading}</p>
    </div>`;
  }

  protected override updated(): void {
    const status = this.store?.$view.get().status;
    this.reserved.apply(status === 'ready' || status === 'error');
  }

  /** What each `data-action` button does. */
  private readonly actions: Record<string, (button: HTMLButtonElement, store: ThreadStore) => void> = {
    sort: (button) => this.handleSort(button.dataset.sort as Sort),
    vote: (button) => {
      void this.handleVote(button);
    },
    reply: (button) => this.handleReply(button.dataset.id ?? ''),
    'cancel-compose': (button) => this.closeComposer(button.dataset.form ?? ''),
    edit: (button) => {
      const id = button.dataset.id ?? '';
      this.editing = id;
      this.confirmingDelete = null;
      void this.focusLater(`form[data-form="${formKey.edit(id)}"] textarea`);
    },
    'ask-delete': (button) => {
      this.confirmingDelete = button.dataset.id ?? '';
      void this.focusLater(`[data-comment="${this.confirmingDelete}"] button[data-action="delete"]`);
    },
    'cancel-delete': (button) => this.cancelDelete(button.dataset.id ?? ''),
    delete: (button) => {
      void this.handleDelete(button.dataset.id ?? '');
    },
    'more-replies': (button, store) => {
      void store.loadReplies(button.dataset.id ?? '');
    },
    'load-more': (_, store) => {
      void store.loadMore();
    },
    'view-all': (_, store) => {
      void store.viewAll();
    },
    retry: (_, store) => {
      void store.load();
    },
    dismiss: (_, store) => store.dismissNotice(),
    'show-new': (_, store) => store.showNew(),
    'change-name': () => {
      this.changingName = true;
      void this.focusLater('input[name="authorName"]');
    },
  };

  // One delegated listener for every control: no per-comment listeners, however long the thread.
  private handleClick = (event: Event): void => {
    this.reserved.release();
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.store || button.disabled) return;
    this.actions[button.dataset.action ?? '']?.(button, this.store);
  };

  private cancelDelete(id: string): void {
    this.confirmingDelete = null;
    void this.focusLater(`[data-comment="${id}"] button[data-action="ask-delete"]`);
  }

  private handleSort(sort: Sort): void {
    if (!this.store || this.store.$view.get().sort === sort) return;
    void this.store.setSort(sort);
    this.dispatchEvent(new SortChangedEvent(sort));
  }

  private async handleVote(button: HTMLButtonElement): Promise<void> {
    const id = button.dataset.id ?? '';
    const value = Number(button.dataset.value) as VoteValue;
    // Pressing the pressed button takes the vote back.
    const next: VoteValue = button.getAttribute('aria-pressed') === 'true' ? 0 : value;
    if (await this.store?.vote(id, next)) this.dispatchEvent(new VoteChangedEvent(id, next));
  }

  private handleReply(id: string): void {
    if (this.replyTo === id) {
      this.closeComposer(formKey.reply(id));
      return;
    }
    this.replyTo = id;
    void this.focusLater(`form[data-form="${formKey.reply(id)}"] textarea`);
  }

  private async handleDelete(id: string): Promise<void> {
    this.confirmingDelete = null;
    if (await this.store?.remove(id))
      this.dispatchEvent(new CommentDeletedEvent(this.config?.thread ?? '', id));
  }

  private closeComposer(key: string): void {
    this.setFormError(key, null);
    if (key.startsWith('reply:')) {
      const id = key.slice('reply:'.length);
      this.replyTo = null;
      void this.focusLater(`[data-comment="${id}"] button[data-action="reply"]`);
    } else if (key.startsWith('edit:')) {
      const id = key.slice('edit:'.length);
      this.editing = null;
      void this.focusLater(`[data-comment="${id}"] button[data-action="edit"]`);
    }
  }

  /** Keeps what the reader types in a new comment or reply as a draft (saved per thread, debounced). */
  private handleInput = (event: Event): void => {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || field.name !== 'body') return;
    const key = field.closest<HTMLFormElement>('form[data-form]')?.dataset.form;
    if (key && !key.startsWith('edit:')) this.store?.saveDraft(key, field.value);
  };

  private handleKeydown = (event: KeyboardEvent): void => {
    this.reserved.release();
    if (event.key !== 'Escape') return;
    const target = event.target as Element;
    const form = target.closest<HTMLFormElement>('form[data-form]');
    const key = form?.dataset.form;
    if (key && key !== formKey.root) {
      event.preventDefault();
      this.closeComposer(key);
    } else if (this.confirmingDelete) {
      this.cancelDelete(this.confirmingDelete);
    }
  };

  private handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const key = form.dataset.form;
    const store = this.store;
    if (!key || !store || this.submitting.has(key)) return;
    const msg = messagesFor(this.config?.locale ?? 'en');
    const textarea = form.elements.namedItem('body') as HTMLTextAreaElement | null;
    const nameInput = form.elements.namedItem('authorName') as HTMLInputElement | null;
    const body = textarea?.value ?? '';
    const authorName = nameInput ? nameInput.value.trim() : store.$guestName.get();

    const problem = !body.trim() ? msg.emptyBody : nameInput && !authorName ? msg.nameRequired : null;
    if (problem) {
      this.setFormError(key, problem);
      (nameInput && !authorName && body.trim() ? nameInput : textarea)?.focus();
      return;
    }
    this.setFormError(key, null);
    this.submitting = new Set(this.submitting).add(key);
    try {
      if (key.startsWith('edit:')) {
        const id = key.slice('edit:'.length);
        if (await store.edit(id, body)) {
          this.closeComposer(key);
          const edited = findNode(store.$view.get().roots, id);
          if (edited) this.dispatchEvent(new CommentEditedEvent(edited.comment));
        }
        return;
      }
      const parentId = form.dataset.parent || null;
      const input = authorName ? { parentId, body, authorName } : { parentId, body };
      // A post that cannot be sent now is kept (outbox) and shown as pending: the composer is done too.
      const outcome = await store.send(input);
      if (outcome.status === 'refused') return;
      if (textarea) textarea.value = '';
      this.changingName = false;
      if (parentId) this.closeComposer(key);
      if (outcome.status === 'posted') this.dispatchEvent(new CommentPostedEvent(outcome.comment));
    } finally {
      const submitting = new Set(this.submitting);
      submitting.delete(key);
      this.submitting = submitting;
    }
  };

  private setFormError(key: string, message: string | null): void {
    const errors = new Map(this.formErrors);
    if (message) errors.set(key, message);
    else errors.delete(key);
    this.formErrors = errors;
  }

  private async focusLater(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
