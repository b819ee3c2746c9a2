/** Bench page: the real <threadline-comments> (production Lit), fed the whole thread at once. */
import '../../src/define';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { benchAdapter } from './bench-adapter';
import { installBench } from './harness';
import { THREAD } from './thread-data';

let element: ThreadlineComments | null = null;

installBench({
  mount(data) {
    element = document.createElement('threadline-comments') as ThreadlineComments;
    element.setAttribute('thread', THREAD);
    element.setAttribute('locale', 'en');
    element.setAttribute('loading', 'eager');
    element.setAttribute('page-size', '100');
    element.adapter = benchAdapter(data);
    document.body.append(element);
  },
  root: () => element?.shadowRoot ?? null,
});
