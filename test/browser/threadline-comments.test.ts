import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Adapter } from '../../src/adapters/adapter';
import { RateLimitedError } from '../../src/adapters/errors';
import type { MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import {
  all,
  authors,
  button,
  commentByAuthor,
  mountWidget,
  one,
  ownButton,
  postTopLevel,
  reshaping,
  seeded,
  settled,
  shadow,
  typeInto,
} from './harness';

const THREAD = 'article-1';

const seedComments: SeedComment[] = [
  {
    key: 'ana',
    parentKey: null,
    authorName: 'Ana Ribeiro',
    body: 'The ferry *matters*.',
    minutesAgo: 180,
    score: 5,
  },
  { key: 'ben', parentKey: 'ana', authorName: 'Ben Okafor', body: 'Agreed.', minutesAgo: 120, score: 1 },
  { key: 'cleo', parentKey: 'ben', authorName: 'Cleo Park', body: 'Depth two.', minutesAgo: 60, score: 0 },
  { key: 'dev', parentKey: 'cleo', authorName: 'Dev Shah', body: 'Depth three.', minutesAgo: 50, score: 0 },
  {
    key: 'eve',
    parentKey: null,
    authorName: 'Eve <img src=x onerror=alert(1)>',
    body: '<script>alert(1)</script> **bold** [x](javascript:alert(1))',
    minutesAgo: 30,
    score: 12,
  },
  { key: 'finn', parentKey: null, authorName: 'Finn Walsh', body: 'Newest one.', minutesAgo: 10, score: 0 },
];

let adapter: MemoryAdapter;

/**
 * Mounts the widget for THREAD, lazy by default as on a page: at the top of the test page it is in
 * view, so it loads at once (the harness mounts eager).
 */
const mount = (attributes: Record<string, string> = {}, backend: Adapter = adapter, settle = true) =>
  mountWidget(THREAD, backend, { attributes: { loading: 'lazy', ...attributes }, settle });

beforeEach(() => {
  localStorage.clear();
  adapter = seeded(THREAD, seedComments);
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('<threadline-comments>', () => {
  it('passes an axe-core accessibility scan', async () => {
    const el = await mount();
    const results = await axe.run(el);
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it('renders the count, top-level comments newest first, and replies nested under their parent', async () => {
    const el = await mount();
    expect(one(el, '#count').textContent).toBe('6 comments');
    expect(authors(el)).toEqual(['Finn Walsh', 'Eve <img src=x onerror=alert(1)>', 'Ana Ribeiro']);
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    expect(authors(el, `li[data-comment="${ana.dataset.comment}"] > ol.replies > li`)).toEqual([
      'Ben Okafor',
    ]);
    const time = ana.querySelector('time') as HTMLTimeElement;
    expect(time.textContent).toBe('3 hours ago');
    expect(time.dateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Decorative parts are drawn by CSS, not nodes: initials from an attribute, vote arrows.
    const avatar = ana.querySelector('.avatar') as HTMLElement;
    expect(getComputedStyle(avatar, '::before').content).toBe('"AR"');
    const up = ownButton(ana, 'Upvote');
    expect(up.childNodes.length).toBe(0);
    // Nor does Lit leave marker comments inside a comment: each would be a node more per comment.
    const article = ana.querySelector(':scope > article') as HTMLElement;
    expect(document.createTreeWalker(article, NodeFilter.SHOW_COMMENT).nextNode()).toBeNull();
    expect(Number.parseFloat(getComputedStyle(up, '::before').borderBottomWidth)).toBeGreaterThan(0);
    // The exact time is formatted when a pointer reaches it, not while the list renders.
    expect(time.title).toBe('');
    await userEvent.hover(time);
    expect(time.title).toMatch(/\d{4}/);
  });

  it('renders replies deeper than max-depth at the last level and says whom they answer', async () => {
    const el = await mount({ 'max-depth': '2' });
    const dev = commentByAuthor(el, 'Dev Shah');
    expect(dev.querySelector('.meta')?.textContent).toContain('↳ replying to Cleo Park');
    const cleo = commentByAuthor(el, 'Cleo Park');
    expect(cleo.querySelector(':scope > ol.replies.flat')).not.toBeNull();
  });

  it('settles updateComplete only when every slice of a long first page is in the DOM', async () => {
    const many: SeedComment[] = [];
    for (let i = 0; i < 20; i += 1) {
      many.push({
        key: `r${i}`,
        parentKey: null,
        authorName: `Root ${i}`,
        body: 'Top.',
        minutesAgo: 100 - i,
        score: 0,
      });
      many.push({
        key: `a${i}`,
        parentKey: `r${i}`,
        authorName: `Reply ${i}`,
        body: 'Re.',
        minutesAgo: 50 - i,
        score: 0,
      });
    }
    const el = await mount({}, seeded(THREAD, many), false);
    // Caught after the first slice (three comments) with the rest still to come.
    await vi.waitFor(() => expect(all(el, 'li[data-comment]').length).toBeGreaterThan(0), { interval: 1 });
    await el.updateComplete;
    expect(all(el, 'li[data-comment]')).toHaveLength(40);
  });

  it('shows avatars (safe URLs only), badges, and keeps the Reply button and body in place as forms open', async () => {
    const author = (name: string) =>
      name === 'Ana Ribeiro'
        ? { avatar: 'https://example.com/ana.png', role: 'moderator' as const }
        : name === 'Finn Walsh'
          ? { avatar: 'javascript:alert(1)' }
          : {};
    const dressed = reshaping(adapter, (c) => ({
      ...c,
      author: { ...c.author, ...author(c.author.name) },
      pinned: c.author.name === 'Finn Walsh',
    }));
    const el = await mount({}, dressed);
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    const img = ana.querySelector(':scope > article .avatar img') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('https://example.com/ana.png');
    expect(img.alt).toBe('');
    // The initials stay under the image, for when it fails to load.
    expect(ana.querySelector(':scope > article .avatar')?.getAttribute('data-initials')).toBe('AR');
    const finn = commentByAuthor(el, 'Finn Walsh');
    expect(finn.querySelector('.avatar img')).toBeNull();
    expect(finn.querySelector('.avatar')?.getAttribute('data-initials')).toBe('FW');
    // Badges sit between the name and the time.
    const meta = (item: HTMLElement) =>
      [...(item.querySelector(':scope > article .meta') as HTMLElement).children].map(
        (c) => c.localName + (c.className ? `.${c.className}` : ''),
      );
    expect(meta(ana)).toEqual(['span.author', 'span.badge', 'time']);
    expect(finn.querySelector('.badge')?.textContent).toBe('Pinned');
    expect(meta(finn)).toEqual(['span.author', 'span.badge', 'time']);

    // The Reply button stays the same element while its composer opens and closes.
    const reply = ownButton(ana, 'Reply');
    await userEvent.click(reply);
    await el.updateComplete;
    expect(ownButton(ana, 'Reply')).toBe(reply);
    expect(reply.getAttribute('aria-expanded')).toBe('true');
    expect(ana.querySelector(':scope > article > form.inline-composer')).not.toBeNull();
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect(ownButton(ana, 'Reply')).toBe(reply);
    expect(reply.getAttribute('aria-expanded')).toBe('false');
    expect(ana.querySelector(':scope > article form')).toBeNull();
    // The body's content is the same nodes after a vote re-rendered the comment.
    const paragraph = ana.querySelector(':scope > article .body p');
    await userEvent.click(ownButton(ana, 'Upvote'));
    await vi.waitFor(() => expect(ownButton(ana, 'Upvote').getAttribute('aria-pressed')).toBe('true'));
    expect(ana.querySelector(':scope > article .body p')).toBe(paragraph);
  });

  it('opens and closes the composer on a deep reply, below comments that stay as they were', async () => {
    const el = await mount();
    const dev = commentByAuthor(el, 'Dev Shah');
    const reply = ownButton(dev, 'Reply');
    await userEvent.click(reply);
    await el.updateComplete;
    const form = dev.querySelector(':scope > article > form.inline-composer');
    expect(form).not.toBeNull();
    expect(shadow(el).activeElement).toBe(form?.querySelector('textarea'));
    expect(all(el, 'form.inline-composer')).toHaveLength(1);
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect(dev.querySelector('form')).toBeNull();
    expect(reply.getAttribute('aria-expanded')).toBe('false');
    expect(shadow(el).activeElement).toBe(reply);
  });

  it('moves relative times on with the shared tick, without making the comments again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const el = await mount({}, seeded(THREAD, [{ ...seedComments[5], minutesAgo: 0 } as SeedComment]));
      const finn = commentByAuthor(el, 'Finn Walsh');
      const time = finn.querySelector('time') as HTMLTimeElement;
      const body = finn.querySelector('.body p');
      expect(time.textContent).toBe('just now');
      vi.advanceTimersByTime(90_000);
      await el.updateComplete;
      expect(time.textContent).toBe('1 minute ago');
      expect(commentByAuthor(el, 'Finn Walsh')).toBe(finn);
      expect(finn.querySelector('.body p')).toBe(body);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts a second edit from the saved text, not from what was typed into a cancelled one', async () => {
    const el = await mount();
    await postTopLevel(el, 'Saved words', 'Olu Ade');
    await vi.waitFor(() => expect(authors(el)[0]).toBe('Olu Ade'));
    const mine = commentByAuthor(el, 'Olu Ade');
    await userEvent.click(ownButton(mine, 'Edit'));
    await el.updateComplete;
    await typeInto(mine.querySelector('.body form textarea') as HTMLElement, 'Thrown away');
    await userEvent.click(button(mine.querySelector('.body form') as HTMLElement, 'Cancel'));
    await el.updateComplete;
    expect(mine.querySelector('.body form')).toBeNull();
    expect(mine.querySelector('.body')?.textContent).toBe('Saved words');
    await userEvent.click(ownButton(mine, 'Edit'));
    await el.updateComplete;
    expect((mine.querySelector('.body form textarea') as HTMLTextAreaElement).value).toBe('Saved words');
  });

  it('shows hostile names and bodies as text, never as markup', async () => {
    const el = await mount();
    const eve = commentByAuthor(el, 'Eve <img src=x onerror=alert(1)>');
    expect(eve.querySelector('script, img, iframe')).toBeNull();
    expect(eve.querySelector('.body')?.textContent).toContain('<script>alert(1)</script>');
    expect(eve.querySelector('.body strong')?.textContent).toBe('bold');
    expect(eve.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('renders the content a backend parsed, not the raw body', async () => {
    // A backend's parse wins: this one says the body is a quote, whatever the body's markdown says.
    const quoting = reshaping(adapter, (c) => ({
      ...c,
      content: [{ type: 'quote', children: [{ type: 'text', text: `quoted: ${c.body}` }] }],
    }));
    const el = await mount({}, quoting);
    const finn = commentByAuthor(el, 'Finn Walsh');
    expect(finn.querySelector(':scope > article .body blockquote')?.textContent).toBe('quoted: Newest one.');
  });

  it('parses the bodies itself (parser loaded on demand) for a site adapter that sends no content', async () => {
    const strip = <T extends { content?: unknown }>({ content: _, ...rest }: T) => rest;
    const bare: Adapter = {
      ...reshaping(adapter, strip),
      createComment: async (input) => strip(await adapter.createComment(input)),
    };
    const el = await mount({}, bare);
    await vi.waitFor(() =>
      expect(commentByAuthor(el, 'Ana Ribeiro').querySelector(':scope > article .body em')?.textContent).toBe(
        'matters',
      ),
    );
    await postTopLevel(el, 'Plain *then* **parsed**', 'Tess Tester');
    await vi.waitFor(() =>
      expect(
        commentByAuthor(el, 'Tess Tester').querySelector(':scope > article .body strong')?.textContent,
      ).toBe('parsed'),
    );
  });

  it('opens the reply composer inline under the comment, focuses it, and posts the reply there', async () => {
    const el = await mount();
    const posted = vi.fn();
    el.addEventListener('threadline-comment-posted', posted);
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    await userEvent.click(ownButton(ana, 'Reply'));
    await el.updateComplete;
    const form = ana.querySelector(':scope > article form.inline-composer') as HTMLFormElement;
    expect(form).not.toBeNull();
    expect(shadow(el).activeElement).toBe(form.querySelector('textarea'));
    await typeInto(form.querySelector('textarea') as HTMLElement, 'A reply from the test');
    await typeInto(form.querySelector('input[name="authorName"]') as HTMLElement, 'Tess Tester');
    await userEvent.click(button(form, 'Post reply'));
    await vi.waitFor(() => expect(posted).toHaveBeenCalledTimes(1));
    await el.updateComplete;
    const replies = authors(el, `li[data-comment="${ana.dataset.comment}"] > ol.replies > li`);
    expect(replies).toEqual(['Ben Okafor', 'Tess Tester']);
    expect(posted.mock.calls[0]?.[0].detail.comment.parentId).toBe(ana.dataset.comment);
    expect(one(el, '[role="status"]').textContent).toMatch(/posted/i);
    expect(one(el, '#count').textContent).toBe('7 comments');
  });

  it('remembers the guest name after the first post', async () => {
    const el = await mount();
    await postTopLevel(el, 'First words', 'Noor Haddad');
    await vi.waitFor(() => expect(authors(el)[0]).toBe('Noor Haddad'));
    expect(one(el, 'form[data-form="root"]').textContent).toContain('Commenting as Noor Haddad');
    expect(shadow(el).querySelector('form[data-form="root"] input[name="authorName"]')).toBeNull();
  });

  it('refuses an empty comment or a missing name with a message at the field, and keeps the text', async () => {
    const el = await mount();
    await userEvent.click(button(one(el, 'form[data-form="root"]'), 'Post comment'));
    await el.updateComplete;
    expect(one(el, 'form[data-form="root"] .field-error').textContent).toMatch(/write something/i);
    await typeInto(one(el, 'form[data-form="root"] textarea'), 'Text without a name');
    await userEvent.click(button(one(el, 'form[data-form="root"]'), 'Post comment'));
    await el.updateComplete;
    expect(one(el, 'form[data-form="root"] .field-error').textContent).toMatch(/display name/i);
    expect((one(el, 'form[data-form="root"] textarea') as HTMLTextAreaElement).value).toBe(
      'Text without a name',
    );
  });

  it('closes the inline composer with Escape and returns focus to the Reply button', async () => {
    const el = await mount();
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    await userEvent.click(ownButton(ana, 'Reply'));
    await el.updateComplete;
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect(ana.querySelector('form')).toBeNull();
    expect(shadow(el).activeElement).toBe(ownButton(ana, 'Reply'));
  });

  it("keeps a comment's body nodes (and so a reader's selection in them) when its score changes", async () => {
    const el = await mount();
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    const em = ana.querySelector(':scope > article .body em') as HTMLElement;
    await userEvent.click(ownButton(ana, 'Upvote'));
    await vi.waitFor(() => expect(ana.querySelector(':scope > article .score')?.textContent).toBe('6'));
    expect(ana.querySelector(':scope > article .body em')).toBe(em);
    expect(em.isConnected).toBe(true);
  });

  it('votes up, takes the vote back, and votes down, updating the score at once', async () => {
    const el = await mount();
    const voted = vi.fn();
    el.addEventListener('threadline-vote-changed', voted);
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    const score = () => ana.querySelector(':scope > article .score')?.textContent;
    const up = () => ownButton(ana, 'Upvote');
    const down = () => ownButton(ana, 'Downvote');
    await userEvent.click(up());
    await el.updateComplete;
    expect(score()).toBe('6');
    expect(up().getAttribute('aria-pressed')).toBe('true');
    await vi.waitFor(() => expect(voted).toHaveBeenCalledTimes(1));
    await userEvent.click(up());
    await el.updateComplete;
    expect(score()).toBe('5');
    expect(up().getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(down());
    await el.updateComplete;
    expect(score()).toBe('4');
    expect(down().getAttribute('aria-pressed')).toBe('true');
    await vi.waitFor(() => expect(voted).toHaveBeenCalledTimes(3));
    expect(voted.mock.calls.map((call) => call[0].detail.value)).toEqual([1, 0, -1]);
  });

  it('rolls a vote back with a visible message when the backend refuses it (simulated refusal)', async () => {
    const el = await mount();
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    adapter.failNext(new RateLimitedError('slow down', { retryAfter: 20 }));
    await userEvent.click(ownButton(ana, 'Upvote'));
    await vi.waitFor(() => expect(one(el, '.notice.error').textContent).toMatch(/too fast.*20/));
    expect(ana.querySelector(':scope > article .score')?.textContent).toBe('5');
    expect(ownButton(ana, 'Upvote').getAttribute('aria-pressed')).toBe('false');
  });

  it('sorts by Oldest and Most voted, keeps replies in conversation order, and remembers the choice', async () => {
    const el = await mount();
    const sorted = vi.fn();
    el.addEventListener('threadline-sort-changed', sorted);
    await userEvent.click(button(one(el, '[role="group"]'), 'Oldest'));
    await vi.waitFor(() =>
      expect(authors(el)).toEqual(['Ana Ribeiro', 'Eve <img src=x onerror=alert(1)>', 'Finn Walsh']),
    );
    expect(button(one(el, '[role="group"]'), 'Oldest').getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(button(one(el, '[role="group"]'), 'Most voted'));
    await vi.waitFor(() =>
      expect(authors(el)).toEqual(['Eve <img src=x onerror=alert(1)>', 'Ana Ribeiro', 'Finn Walsh']),
    );
    expect(sorted.mock.calls.map((call) => call[0].detail.sort)).toEqual(['oldest', 'top']);
    el.remove();
    const again = await mount();
    expect(button(one(again, '[role="group"]'), 'Most voted').getAttribute('aria-pressed')).toBe('true');
  });

  it('sorts a thread it has whole by moving its comments, with no request', async () => {
    const list = vi.spyOn(adapter, 'listComments');
    const el = await mount();
    const text = (name: string) =>
      commentByAuthor(el, name).querySelector(':scope > article [part="body"] > p');
    const before = ['Ana Ribeiro', 'Ben Okafor', 'Finn Walsh'].map(text);
    expect(before.every(Boolean)).toBe(true);
    await userEvent.click(button(one(el, '[role="group"]'), 'Oldest'));
    await vi.waitFor(() =>
      expect(authors(el)).toEqual(['Ana Ribeiro', 'Eve <img src=x onerror=alert(1)>', 'Finn Walsh']),
    );
    const after = ['Ana Ribeiro', 'Ben Okafor', 'Finn Walsh'].map(text);
    for (const [i, p] of after.entries()) expect(p).toBe(before[i]);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('moves the comments a sort brings back unchanged, without making their text again', async () => {
    // Every answer as new objects, as a server's JSON would be; a page of 2 leaves one comment unloaded,
    // so the new sort is asked of the backend.
    const fresh: Adapter = {
      ...adapter,
      listComments: async (query) => structuredClone(await adapter.listComments(query)),
    };
    const el = await mount({ sort: 'oldest', 'page-size': '2' }, fresh);
    const text = (name: string) =>
      commentByAuthor(el, name).querySelector(':scope > article [part="body"] > p');
    const shown = ['Ana Ribeiro', 'Ben Okafor', 'Eve <img src=x onerror=alert(1)>'];
    const before = shown.map(text);
    expect(before.every(Boolean)).toBe(true);
    await userEvent.click(button(one(el, '[role="group"]'), 'Most voted'));
    await vi.waitFor(() => expect(authors(el)).toEqual(['Eve <img src=x onerror=alert(1)>', 'Ana Ribeiro']));
    const after = shown.map(text);
    for (const [i, p] of after.entries()) expect(p).toBe(before[i]);
  });

  it('lets the author edit their comment and delete it, leaving a placeholder when it has replies', async () => {
    const el = await mount();
    await postTopLevel(el, 'Original text', 'Olu Ade');
    await vi.waitFor(() => expect(authors(el)[0]).toBe('Olu Ade'));
    let mine = commentByAuthor(el, 'Olu Ade');

    await userEvent.click(ownButton(mine, 'Edit'));
    await el.updateComplete;
    const editor = mine.querySelector('form textarea') as HTMLTextAreaElement;
    expect(editor.value).toBe('Original text');
    expect(shadow(el).activeElement).toBe(editor);
    await typeInto(editor, 'Edited *text*');
    await userEvent.click(button(mine.querySelector('form') as HTMLElement, 'Save'));
    await vi.waitFor(() => expect(mine.querySelector('.body em')?.textContent).toBe('text'));
    expect(mine.querySelector('.meta')?.textContent).toContain('edited');
    const edited = mine.querySelector('[data-time]') as HTMLElement;
    await userEvent.hover(edited);
    expect(edited.title).toMatch(/\d{4}/);

    await userEvent.click(ownButton(mine, 'Reply'));
    await el.updateComplete;
    await typeInto(mine.querySelector('form textarea') as HTMLElement, 'Replying to myself');
    await userEvent.click(button(mine.querySelector('form') as HTMLElement, 'Post reply'));
    await vi.waitFor(() => expect(mine.querySelectorAll('ol.replies > li').length).toBe(1));

    const deleted = vi.fn();
    el.addEventListener('threadline-comment-deleted', deleted);
    mine = commentByAuthor(el, 'Olu Ade');
    await userEvent.click(ownButton(mine, 'Delete'));
    await el.updateComplete;
    await userEvent.click(ownButton(mine, 'Delete'));
    await vi.waitFor(() => expect(deleted).toHaveBeenCalledTimes(1));
    await el.updateComplete;
    const tombstone = one(el, `li[data-comment="${mine.dataset.comment}"]`);
    expect(tombstone.querySelector('.tombstone')?.textContent).toMatch(/deleted/);
    expect(tombstone.querySelectorAll('ol.replies > li').length).toBe(1);
    // Nothing to vote on, reply to or edit in a placeholder.
    const bar = tombstone.querySelector(':scope > article .vote') as HTMLElement;
    expect(bar.hidden).toBe(true);
    expect(bar.checkVisibility()).toBe(false);
    expect(tombstone.querySelector(':scope > article button[data-action="reply"]')).toBeNull();
  });

  it('does not offer edit or delete on other readers’ comments', async () => {
    const el = await mount();
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    expect(() => ownButton(ana, 'Edit')).toThrow();
    expect(() => ownButton(ana, 'Delete')).toThrow();
  });

  it('loads more top-level comments, expands long reply chains, and views all', async () => {
    const many: SeedComment[] = [
      ...seedComments,
      ...Array.from({ length: 5 }, (_, i) => ({
        key: `r${i}`,
        parentKey: 'finn',
        authorName: `Replier ${i}`,
        body: `Reply ${i}`,
        minutesAgo: 9 - i,
        score: 0,
      })),
    ];
    adapter = seeded(THREAD, many);
    const el = await mount({ 'page-size': '2' });
    expect(authors(el)).toEqual(['Finn Walsh', 'Eve <img src=x onerror=alert(1)>']);
    const finn = commentByAuthor(el, 'Finn Walsh');
    const more = [...finn.querySelectorAll(':scope > button')].find((b) =>
      /more repl/.test(b.textContent ?? ''),
    );
    expect(more?.textContent).toMatch(/Show 2 more replies/);
    await userEvent.click(more as HTMLElement);
    await vi.waitFor(() => expect(finn.querySelectorAll(':scope > ol.replies > li').length).toBe(5));
    await userEvent.click(button(shadow(el), 'Load more comments'));
    await vi.waitFor(() => expect(authors(el)).toHaveLength(3));
    expect(shadow(el).querySelector('button[data-action="load-more"]')).toBeNull();

    // Far below the first widget, so past the lazy-loading margin: eager.
    const el2 = await mount({ 'page-size': '1', loading: 'eager' }, seeded(THREAD, many));
    await userEvent.click(button(shadow(el2), 'View all comments'));
    await vi.waitFor(() => expect(all(el2, 'li[data-comment]')).toHaveLength(many.length));
  });

  it('works by keyboard alone: Tab to a control, Enter to use it', async () => {
    const el = await mount();
    const ana = commentByAuthor(el, 'Ana Ribeiro');
    const reply = ownButton(ana, 'Reply');
    ownButton(ana, 'Upvote').focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(ana.querySelector(':scope > article .score')?.textContent).toBe('6');
    await userEvent.tab();
    await userEvent.tab();
    expect(shadow(el).activeElement).toBe(reply);
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(shadow(el).activeElement?.tagName).toBe('TEXTAREA');
  });

  it('keeps two widgets on one page independent', async () => {
    const first = await mount({}, adapter, false);
    // Below the first widget's space, out of the lazy-loading margin: eager.
    const second = await mount({ loading: 'eager' }, seeded(THREAD, seedComments), false);
    await Promise.all([settled(first), settled(second)]);
    await userEvent.click(ownButton(commentByAuthor(first, 'Ana Ribeiro'), 'Upvote'));
    await first.updateComplete;
    expect(commentByAuthor(first, 'Ana Ribeiro').querySelector('.score')?.textContent).toBe('6');
    expect(commentByAuthor(second, 'Ana Ribeiro').querySelector('.score')?.textContent).toBe('5');
    await userEvent.click(
      commentByAuthor(first, 'Ana Ribeiro').querySelector('button[data-action="reply"]') as HTMLElement,
    );
    await first.updateComplete;
    expect(commentByAuthor(second, 'Ana Ribeiro').querySelector('form')).toBeNull();
  });

  it('shows no writing controls when readonly', async () => {
    const el = await mount({ readonly: '' });
    expect(shadow(el).querySelector('form')).toBeNull();
    expect(shadow(el).querySelector('button[data-action="reply"]')).toBeNull();
    expect(ownButton(commentByAuthor(el, 'Ana Ribeiro'), 'Upvote').disabled).toBe(true);
  });

  it('explains a missing thread in the widget and the console, without throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = document.createElement('threadline-comments') as ThreadlineComments;
    document.body.append(el);
    await el.updateComplete;
    expect(one(el, '[role="alert"]').textContent).toMatch(/thread is required/);
    expect(warn.mock.calls.flat().join(' ')).toMatch(/THREADLINE_NO_THREAD/);
    warn.mockRestore();
  });

  it('falls back to defaults for invalid attribute values, with one coded warning each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = await mount({
      sort: 'sideways',
      'page-size': '-4',
      'max-depth': 'deep',
      theme: 'purple',
      locale: '!!',
    });
    expect(authors(el)).toHaveLength(3);
    const text = warn.mock.calls.flat().join(' ');
    for (const code of [
      'THREADLINE_BAD_SORT',
      'THREADLINE_BAD_PAGE_SIZE',
      'THREADLINE_BAD_MAX_DEPTH',
      'THREADLINE_BAD_THEME',
      'THREADLINE_BAD_LOCALE',
    ]) {
      expect(text).toContain(code);
    }
    expect(one(el, '.widget').dataset.theme).toBe('light');
    warn.mockRestore();
  });

  it('follows the theme attribute with color-scheme, dark and auto (the light test page)', async () => {
    const el = await mount({ theme: 'dark' });
    expect(getComputedStyle(one(el, '.widget')).colorScheme).toBe('dark');
    el.setAttribute('theme', 'auto');
    await el.updateComplete;
    expect(getComputedStyle(one(el, '.widget')).colorScheme).toBe('light');
  });

  it('speaks German with locale="de" (catalog loaded on demand) and English for unknown languages', async () => {
    const el = await mount({ locale: 'de-AT' }, adapter, false);
    await vi.waitFor(() => expect(one(el, '#count').textContent).toBe('6 Kommentare'));
    await settled(el);
    expect(button(one(el, '[role="group"]'), 'Neueste').getAttribute('aria-pressed')).toBe('true');
    expect(ownButton(commentByAuthor(el, 'Ana Ribeiro'), 'Antworten')).toBeTruthy();
    expect(one(el, 'form[data-form="root"] button[type="submit"]').textContent?.trim()).toBe(
      'Kommentar senden',
    );
    expect(commentByAuthor(el, 'Ana Ribeiro').querySelector('time')?.textContent).toBe('vor 3 Stunden');
    // The store's notices speak the reader's language too (a simulated refusal).
    adapter.failNext(new RateLimitedError('slow down', { retryAfter: 20 }));
    await userEvent.click(ownButton(commentByAuthor(el, 'Ana Ribeiro'), 'Positiv bewerten'));
    await vi.waitFor(() =>
      expect(one(el, '.notice.error').textContent).toContain('Sie schreiben zu schnell – bitte in 20 s'),
    );
    el.setAttribute('locale', 'fi');
    await el.updateComplete;
    expect(one(el, '#count').textContent).toBe('6 comments');
  });

  it('takes theming from --threadline-* custom properties on the host', async () => {
    const el = await mount({}, adapter, false);
    el.style.setProperty('--threadline-accent', 'rgb(200, 10, 20)');
    await settled(el);
    const pressed = button(one(el, '[role="group"]'), 'Newest');
    expect(getComputedStyle(pressed).backgroundColor).toBe('rgb(200, 10, 20)');
  });

  it('is not broken by aggressive page resets', async () => {
    const style = document.createElement('style');
    style.textContent =
      '* { margin: 0; padding: 0; box-sizing: content-box; } button { all: unset; } ' +
      'body { line-height: 3; letter-spacing: 2px; text-transform: uppercase; text-align: center; }';
    document.head.append(style);
    try {
      const el = await mount();
      const body = commentByAuthor(el, 'Ana Ribeiro').querySelector('.body') as HTMLElement;
      expect(getComputedStyle(body).letterSpacing).toBe('normal');
      expect(getComputedStyle(body).textTransform).toBe('none');
      expect(getComputedStyle(body).textAlign).toBe('start');
      expect(getComputedStyle(one(el, 'button[data-action="sort"]')).cursor).toBe('pointer');
    } finally {
      style.remove();
    }
  });
});
