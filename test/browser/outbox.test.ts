import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { NetworkError, ValidationError } from '../../src/adapters/errors';
import type { MemoryAdapter } from '../../src/adapters/memory';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { all, authors, mountWidget, one, postTopLevel, seeded, shadow } from './harness';

const THREAD = 'outbox-thread';

let adapter: MemoryAdapter;

async function mount(before?: (el: ThreadlineComments) => void): Promise<ThreadlineComments> {
  const el = await mountWidget(THREAD, adapter, { settle: false, beforeConnect: before });
  await vi.waitFor(() => expect(authors(el).length).toBeGreaterThan(0));
  return el;
}

/** The page is reloaded: the widget goes away and a new one mounts (localStorage stays). */
async function reload(
  el: ThreadlineComments,
  before?: (el: ThreadlineComments) => void,
): Promise<ThreadlineComments> {
  el.remove();
  return mount(before);
}

function article(el: ThreadlineComments, text: string): HTMLElement | undefined {
  return all(el, 'li[data-comment] > article').find((a) =>
    a.querySelector('.body')?.textContent?.includes(text),
  );
}

async function stored(body: string) {
  const page = await adapter.listComments({
    thread: THREAD,
    sort: 'newest',
    cursor: null,
    limit: 100,
    replyLimit: 0,
  });
  return page.comments.filter((c) => c.body === body);
}

beforeEach(() => {
  localStorage.clear();
  adapter = seeded(THREAD, [
    { key: 'ana', parentKey: null, authorName: 'Ana Ribeiro', body: 'First.', minutesAgo: 60, score: 0 },
  ]);
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('<threadline-comments> never loses a post', () => {
  it('marks a post that hits a simulated network fault as not sent, says so, and sends it when back online', async () => {
    const el = await mount();
    const posted = vi.fn();
    el.addEventListener('threadline-comment-posted', posted);
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await postTopLevel(el, 'Written on a train.', 'Tess Tester');
    await vi.waitFor(() =>
      expect(article(el, 'Written on a train.')?.textContent).toContain('Not sent yet — will retry'),
    );
    expect(authors(el)[0]).toBe('Tess Tester');
    expect((one(el, 'form[data-form="root"] textarea') as HTMLTextAreaElement).value).toBe('');
    expect(one(el, '[part="notice"]').textContent).toContain('will be sent when the connection is back');
    expect(posted).not.toHaveBeenCalled();
    expect(await stored('Written on a train.')).toHaveLength(0);

    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() =>
      expect(article(el, 'Written on a train.')?.textContent).not.toContain('Not sent yet'),
    );
    expect(article(el, 'Written on a train.')?.textContent).toContain('Edit');
    expect(await stored('Written on a train.')).toHaveLength(1);
    expect(shadow(el).querySelector('#count')?.textContent).toBe('2 comments');
    // Sent later, from the outbox: the page still hears of it, once.
    expect(posted).toHaveBeenCalledTimes(1);
    expect(posted.mock.calls[0]?.[0].detail.comment.body).toBe('Written on a train.');
  });

  it('keeps the pending post across a reload and sends it once (simulated network fault)', async () => {
    let el = await mount();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await postTopLevel(el, 'Do not lose me.', 'Tess Tester');
    await vi.waitFor(() => expect(article(el, 'Do not lose me.')?.textContent).toContain('Not sent yet'));
    const heard = vi.fn();
    el = await reload(el, (fresh) => fresh.addEventListener('threadline-comment-posted', heard));
    await vi.waitFor(() => {
      const posted = article(el, 'Do not lose me.');
      expect(posted).toBeDefined();
      expect(posted?.textContent).not.toContain('Not sent yet');
      expect(posted?.textContent).not.toContain('Sending');
    });
    expect(authors(el)).toEqual(['Tess Tester', 'Ana Ribeiro']);
    expect(await stored('Do not lose me.')).toHaveLength(1);
    expect(heard).toHaveBeenCalledTimes(1);
    el = await reload(el);
    expect(authors(el)).toEqual(['Tess Tester', 'Ana Ribeiro']);
  });

  it('puts the text back into the composer when a waiting post is finally refused', async () => {
    const el = await mount();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await postTopLevel(el, 'Refused later.', 'Tess Tester');
    await vi.waitFor(() => expect(article(el, 'Refused later.')).toBeDefined());
    adapter.failNext(
      new ValidationError('No.', { fields: { body: 'That cannot be posted here.' } }),
      'createComment',
    );
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(article(el, 'Refused later.')).toBeUndefined());
    await el.updateComplete;
    expect((one(el, 'form[data-form="root"] textarea') as HTMLTextAreaElement).value).toBe('Refused later.');
    expect(one(el, '[part="notice"]').textContent).toContain('That cannot be posted here.');
    expect(one(el, '[part="notice"]').textContent).toContain('its text is back in the comment box');
  });

  it('restores a draft of a new comment and of a reply after a reload, and forgets it once posted', async () => {
    let el = await mount();
    await userEvent.fill(one(el, 'form[data-form="root"] textarea'), 'Half a thought');
    const ana = one(el, 'li[data-comment]');
    await userEvent.click(ana.querySelector('button[data-action="reply"]') as HTMLElement);
    await el.updateComplete;
    await userEvent.fill(ana.querySelector('form textarea') as HTMLElement, 'A reply in progress');
    await vi.waitFor(() =>
      expect(localStorage.getItem(`threadline:drafts:${THREAD}`)).toContain('A reply in progress'),
    );

    el = await reload(el);
    expect((one(el, 'form[data-form="root"] textarea') as HTMLTextAreaElement).value).toBe('Half a thought');
    const again = one(el, 'li[data-comment]');
    await userEvent.click(again.querySelector('button[data-action="reply"]') as HTMLElement);
    await el.updateComplete;
    expect((again.querySelector('form textarea') as HTMLTextAreaElement).value).toBe('A reply in progress');

    await postTopLevel(el, 'Half a thought, finished.', 'Tess Tester');
    await vi.waitFor(() => expect(article(el, 'Half a thought, finished.')).toBeDefined());
    el = await reload(el);
    expect((one(el, 'form[data-form="root"] textarea') as HTMLTextAreaElement).value).toBe('');
  });
});
