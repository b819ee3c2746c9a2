import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Adapter, ModerationAction, Sort, VoteValue } from '../../adapters/adapter';
import { createAdapter } from '../../adapters/create';
import { NearViewportController } from '../../controllers/near-viewport';
import { PageSchemeController } from '../../controllers/page-scheme';
import { RenderSlicer } from '../../controllers/render-slicer';
import { StoreController } from '../../controllers/store-controller';
import { TickerController } from '../../controllers/ticker';
import { CommentPostedEvent } from '../../events/comment-posted';
import { SortChangedEvent } from '../../events/sort-changed';
import { VoteChangedEvent } from '../../events/vote-changed';
import { formatExact } from '../../i18n/format';
import { loadMessages, type Messages, messagesFor } from '../../i18n/messages';
import { createThreadStore } from '../../store';
import type { CommentNode, ThreadStore, ThreadStoreOptions } from '../../store/types';
import { warnOnce } from '../../warnings';
import { type ConfigProblem, resolveConfig, type WidgetConfig } from './config';
import { Forms } from './forms';
import { ReservedSpace } from './reserved-space';
import { refreshTimes } from './templates/comment';
import { formPath, type ModeratorTools, type RenderContext, sameContext } from './templates/context';
import { renderSkeleton, renderThread } from './templates/thread';
import { styles } from './threadline-comments.styles';

/** Properties whose change means a different backend or thread: the store is rebuilt. */
const STORE_KEYS = ['thread', 'adapter', 'api', 'token', 'pageSize', 'maxDepth', 'live'] as const;
const CONFIG_KEYS = [
  ...STORE_KEYS,
  'sort',
  'locale',
  'theme',
  'darkSelector',
  'headingLevel',
  'loading',
] as const;

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
    headingLevel: { type: Number, attribute: 'heading-level' },
    locale: { type: String },
    theme: { type: String },
    darkSelector: { type: String, attribute: 'dark-selector' },
    readonly: { type: Boolean, reflect: true },
    loading: { type: String },
    live: { type: String },
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
  /** Level of the widget's "12 comments" heading (1–6, default 2), to fit under the site's own. */
  declare headingLevel: number | undefined;
  /** BCP 47 language for texts and times; defaults to the browser's. */
  declare locale: string;
  /** `auto` (default: follows the page's own colour scheme, live), `light` or `dark`. */
  declare theme: string;
  /** With `theme="auto"`: a selector matching an ancestor while the page is dark, e.g. `.dark`. */
  declare darkSelector: string;
  /** Show comments without any way to write, vote or reply. */
  declare readonly: boolean;
  /** `lazy` (default): load nothing until about one screen from the viewport; `eager`: load at once. */
  declare loading: string;
  /**
   * Live updates (`on` by default; `off` or `false` turns them off): new comments from other readers wait
   * behind an "N new comments" button, replies appear under their parent, votes and edits apply quietly.
   */
  declare live: string;

  #config: WidgetConfig | null = null;
  #problems: ConfigProblem[] = [];
  #store: ThreadStore | null = null;
  readonly #storeController = new StoreController(this);
  readonly #ticker = new TickerController(this);
  readonly #nearViewport = new NearViewportController(this);
  readonly #pageScheme = new PageSchemeController(this);
  readonly #slicer = new RenderSlicer(this);
  #ctx: RenderContext | null = null;
  /** The placeholder is what the widget shows now. */
  #placeholder = false;
  /** Set while the first real render waits for a task after the one that made the store. */
  #firstRender: Promise<void> | null = null;
  #lastFormPath: { roots: readonly CommentNode[]; ids: (string | null)[]; path: ReadonlySet<string> } | null =
    null;
  /** The load failure last written to the console. */
  #reportedError: unknown = null;
  /** The clock the shown relative times were last brought up to. */
  #timesAt = 0;
  readonly #reserved = new ReservedSpace(this);
  #tools: ModeratorTools | null = null;
  #loadingTools = false;

  /** The moderators' chunk, fetched the first time the viewer turns out to be one; null until then. */
  #moderatorTools(wanted: boolean): ModeratorTools | null {
    if (!wanted) return null;
    if (!this.#tools && !this.#loadingTools) {
      this.#loadingTools = true;
      import('./templates/moderator-tools').then(
        ({ moderatorTools }) => {
          this.#tools = moderatorTools;
          this.requestUpdate();
        },
        (error: unknown) => {
          this.#loadingTools = false; // the next render tries again
          console.warn(`[threadline] the moderators' tools could not load: ${String(error)}`);
        },
      );
    }
    return this.#tools;
  }
  readonly #forms = new Forms(
    this,
    () => this.#store,
    () => this.#msg(),
    () => this.#rendered(),
    () => this.#tools,
  );

  constructor() {
    super();
    this.thread = '';
    this.adapter = '';
    this.api = '';
    this.token = '';
    this.sort = '';
    this.pageSize = undefined;
    this.maxDepth = undefined;
    this.headingLevel = undefined;
    this.locale = '';
    this.theme = '';
    this.darkSelector = '';
    this.readonly = false;
    this.loading = '';
    this.live = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move: the store was disposed on disconnect.
    if (this.#config && !this.#store) this.requestUpdate('thread');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#store?.dispose();
    this.#store = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const configChanged = CONFIG_KEYS.some((key) => changed.has(key)) || this.#config === null;
    if (configChanged) this.#applyConfig();
    if (this.#config?.loading === 'eager') this.#nearViewport.forceSoon();
    // Until the widget is near the viewport there is no store: no request, no backend chunk.
    const storeChanged = STORE_KEYS.some((key) => changed.has(key)) || (this.isConnected && !this.#store);
    if (storeChanged && this.isConnected && this.#nearViewport.near) this.#rebuildStore();
    else if (changed.has('sort') && this.#store && this.#config?.sort)
      void this.#store.setSort(this.#config.sort);
  }

  #msg(): Messages {
    return messagesFor(this.#config?.locale ?? 'en');
  }

  #applyConfig(): void {
    const { config, problems } = resolveConfig(this);
    for (const problem of problems) warnOnce(problem.code, problem.message);
    this.#config = config;
    this.#problems = problems;
    this.#pageScheme.follow(config.theme === 'auto', config.darkSelector);
    // English is built in; another language's texts arrive as a chunk, then the widget renders again.
    void loadMessages(config.locale).then((loaded) => loaded && this.requestUpdate());
  }

  /** No store: the widget shows the fatal problem (a new one is also reported in the console). */
  #stop(problem?: ConfigProblem): void {
    if (problem) {
      warnOnce(
        problem.code,
        `the ${String(this.#config?.adapter)} backend could not start: ${problem.message}`,
      );
      this.#problems = [...this.#problems, problem];
    }
    this.#storeController.watch([]);
  }

  #rebuildStore(): void {
    this.#ctx = null; // its draft() reads the old store
    this.#store?.dispose();
    this.#store = null;
    this.#forms.reset();
    const config = this.#config;
    if (!config || this.#problems.some((p) => p.fatal)) {
      this.#stop();
      return;
    }
    let adapter: Adapter;
    try {
      adapter = createAdapter(config.adapter, { api: config.api, token: this.token || null });
    } catch (error) {
      // A broken custom adapter or storage must not throw into the host page.
      this.#stop({ code: 'THREADLINE_ADAPTER_FAILED', message: String(error), fatal: true });
      return;
    }
    const options: ThreadStoreOptions = {
      adapter,
      thread: config.thread,
      pageSize: config.pageSize,
      maxDepth: config.maxDepth,
      live: config.live,
      // Read when a notice is made, so a language catalog that arrives later is used.
      texts: () => messagesFor(config.locale).notices,
      // Also for a post the outbox sends later, after a reconnect or a reload.
      onPosted: (comment) => this.dispatchEvent(new CommentPostedEvent(comment)),
    };
    if (config.sort) options.sort = config.sort;
    const store = createThreadStore(options);
    this.#store = store;
    this.#storeController.watch([store.$view, store.$notice, store.$guestName]);
    void store.load();
    // The first real render (header, composer, list: templates prepared for the first time) gets a task
    // of its own: together with making the store and starting the first request it can outgrow 50 ms.
    if (this.#placeholder && !this.#firstRender)
      this.#firstRender = new Promise((resolve) =>
        setTimeout(() => {
          this.#firstRender = null;
          this.requestUpdate();
          resolve();
        }),
      );
  }

  protected override render() {
    const config = this.#config;
    const msg = this.#msg();
    const theme = !config || config.theme === 'auto' ? this.#pageScheme.scheme : config.theme;
    const fatal = this.#problems.find((p) => p.fatal);
    const store = this.#store;
    this.#placeholder =
      !!config && !fatal && ((!store && !this.#nearViewport.near) || this.#firstRender !== null);
    if (config && this.#placeholder) {
      // Before the widget is near the viewport (or its first real render): only the space the first page
      // will take.
      this.#reserved.hold(config.pageSize, this.readonly);
      return html`<div class="widget placeholder" data-theme=${theme}>${renderSkeleton(msg)}</div>`;
    }
    if (!config || fatal || !store) {
      return html`<div class="widget" data-theme=${theme}>
        <p class="notice error" part="notice" role="alert">
          ${msg.notConfigured} ${fatal ? html`<code>${fatal.message}</code>` : nothing}
        </p>
      </div>`;
    }
    const view = store.$view.get();
    const forms = this.#forms;
    const next: RenderContext = {
      msg,
      locale: config.locale,
      headingLevel: config.headingLevel,
      now: this.#ticker.now(),
      readonly: this.readonly || view.info?.closed === true,
      replyTo: forms.replyTo,
      editing: forms.editing,
      confirmingDelete: forms.confirmingDelete,
      reporting: forms.reporting,
      rejecting: forms.rejecting,
      banning: forms.banning,
      canBan: view.viewer?.role === 'moderator' && store.supports('ban'),
      canReport: store.supports('report'),
      moderator: this.#moderatorTools(view.viewer?.role === 'moderator' && store.supports('moderate')),
      formErrors: forms.formErrors,
      submitting: forms.submitting,
      viewer: view.viewer,
      guestName: store.$guestName.get(),
      changingName: forms.changingName,
      draft: (key) => store.draft(key),
      draftVersions: view.draftVersions,
      formPath: this.#formPath(view.roots),
    };
    // The same object while nothing in it but the clock changed: templates compare it by identity (see
    // renderComment), and relative times follow the clock without it (see updated).
    const ctx = this.#ctx && sameContext(this.#ctx, next) ? this.#ctx : next;
    ctx.now = next.now;
    this.#ctx = ctx;
    // The reserved height stays while the first page loads, so the page below does not move.
    if (view.status === 'idle' || view.status === 'pending')
      this.#reserved.hold(config.pageSize, this.readonly);
    return html`<div
      class="widget"
      data-theme=${theme}
      @click=${this.#handleClick}
      @submit=${forms.handleSubmit}
      @keydown=${this.#handleKeydown}
      @input=${forms.handleInput}
      @pointerover=${this.#showExactTime}
    >
      ${renderThread(view, this.#slicer.take(view.roots), store.$notice.get(), ctx, this.readonly)}
    </div>`;
  }

  /** formPath for the open forms, made again only when they or the tree changed. */
  #formPath(roots: readonly CommentNode[]): ReadonlySet<string> {
    const forms = this.#forms;
    const ids = [
      forms.replyTo,
      forms.editing,
      forms.confirmingDelete,
      forms.reporting,
      forms.rejecting,
      forms.banning,
    ];
    const last = this.#lastFormPath;
    if (last && last.roots === roots && last.ids.every((id, i) => id === ids[i])) return last.path;
    const path = formPath(roots, ids);
    this.#lastFormPath = { roots, ids, path };
    return path;
  }

  protected override updated(): void {
    const ctx = this.#ctx;
    if (ctx && ctx.now !== this.#timesAt) {
      if (this.#timesAt !== 0) refreshTimes(this.renderRoot, ctx);
      this.#timesAt = ctx.now;
    }
    const view = this.#store?.$view.get();
    const status = view?.status;
    // A list still coming in slices is not all there yet: keep holding its space until it is.
    this.#reserved.apply(
      !this.#placeholder && (status === 'ready' || status === 'error') && this.#slicer.complete,
    );
    // Readers get plain words (see renderStatus); the site's developer gets the detail, once per failure.
    if (view?.status === 'error' && view.error && view.error !== this.#reportedError) {
      this.#reportedError = view.error;
      console.warn(`[threadline] the comments could not load: ${view.error.message} (THREADLINE_LOAD_ERROR)`);
    }
  }

  /** Settles once every slice of the list is in the DOM, not only after the render that started them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (this.#firstRender) {
      await this.#firstRender;
      result = await super.getUpdateComplete();
    }
    await this.#slicer.finished();
    return result;
  }

  /** The next render only: focus moves at once, even while a long list is still coming in slices. */
  #rendered(): Promise<boolean> {
    return super.getUpdateComplete();
  }

  /** What each `data-action` button does (with the button's `data-id`). */
  readonly #actions: Record<string, (id: string, button: HTMLButtonElement, store: ThreadStore) => unknown> =
    {
      sort: (_, button, store) => {
        const sort = button.dataset.sort as Sort;
        if (store.$view.get().sort === sort) return;
        void store.setSort(sort);
        this.dispatchEvent(new SortChangedEvent(sort));
      },
      vote: async (id, button, store) => {
        // Pressing the pressed button takes the vote back.
        const value = (
          button.getAttribute('aria-pressed') === 'true' ? 0 : Number(button.dataset.value)
        ) as VoteValue;
        if (await store.vote(id, value)) this.dispatchEvent(new VoteChangedEvent(id, value));
      },
      reply: (id) => this.#forms.toggleReply(id),
      'cancel-compose': (_, button) => this.#forms.close(button.dataset.form ?? ''),
      edit: (id) => this.#forms.edit(id),
      'ask-delete': (id) => this.#forms.askDelete(id),
      'cancel-delete': (id) => this.#forms.cancelDelete(id),
      delete: (id) => this.#forms.delete(id),
      'change-name': () => this.#forms.changeName(),
      report: (id) => this.#forms.toggleReport(id),
      'cancel-report': (id) => this.#forms.cancelReport(id),
      moderate: (id, button, store) =>
        button.dataset.value === 'reject'
          ? this.#forms.askReject(id)
          : store.moderate(id, button.dataset.value as ModerationAction),
      'cancel-reject': (id) => this.#forms.cancelReject(id),
      'ask-ban': (id) => this.#forms.askBan(id),
      'cancel-ban': (id) => this.#forms.cancelBan(id),
      'more-replies': (id, _, store) => store.loadReplies(id),
      'load-more': (_, __, store) => this.#loadMore(store, () => store.loadMore()),
      'view-all': (_, __, store) => this.#loadMore(store, () => store.viewAll()),
      retry: (_, __, store) => store.load(),
      dismiss: (_, __, store) => store.dismissNotice(),
      'show-new': async (_, __, store) => {
        const before = new Set(store.$view.get().roots.map((node) => node.comment.id));
        store.showNew();
        // The button goes away: focus moves to the first comment it revealed, not to the page's body.
        const first = store.$view.get().roots.find((node) => !before.has(node.comment.id));
        await this.#rendered();
        const article =
          first &&
          this.renderRoot.querySelector<HTMLElement>(`[data-comment="${first.comment.id}"] > article`);
        if (article) {
          article.tabIndex = -1;
          article.focus();
        }
      },
    };

  /**
   * Load more or View all: the button goes away, so focus moves to the first comment it added (the next
   * Tab reads on from there, not from the page), and screen readers hear how many came.
   */
  async #loadMore(store: ThreadStore, load: () => Promise<void>): Promise<void> {
    const before = new Set(store.$view.get().roots.map((node) => node.comment.id));
    await load();
    const added = store.$view.get().roots.filter((node) => !before.has(node.comment.id));
    const first = added[0];
    if (!first) return;
    store.announce(this.#msg().loadedMore(added.length));
    await this.#forms.focusComment(first.comment.id);
  }

  // One delegated listener for every control: no per-comment listeners, however long the thread.
  #handleClick = (event: Event): void => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.#store || button.disabled) return;
    void this.#actions[button.dataset.action ?? '']?.(button.dataset.id ?? '', button, this.#store);
  };

  /**
   * The exact time of a comment (or of its edit) as the hover title, formatted when a pointer reaches
   * it: Intl's date formatter costs tens of ms to build, too much for the render of a comment list.
   */
  #showExactTime = (event: Event): void => {
    const target = (event.target as Element).closest<HTMLElement>('time[datetime], [data-time]');
    const iso = target?.getAttribute('datetime') ?? target?.dataset.time;
    if (target && iso) target.title = formatExact(iso, this.#config?.locale ?? 'en');
  };

  #handleKeydown = (event: KeyboardEvent): void => {
    this.#forms.handleKeydown(event);
  };
}
