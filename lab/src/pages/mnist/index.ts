/** Placeholder until the page is built: its id and titles are final. */
import type { LabPage } from '../../shell/page.js';

export const mnistPage: LabPage = {
  id: 'mnist',
  title: { en: 'MNIST and Fashion-MNIST', 'zh-TW': 'MNIST 與 Fashion-MNIST' },
  strings: { en: { todo: 'Coming soon.' }, 'zh-TW': { todo: '即將推出。' } },
  mount(root, ctx) {
    root.textContent = ctx.t('todo');
  },
};
