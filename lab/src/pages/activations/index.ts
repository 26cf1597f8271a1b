/** Placeholder until the page is built: its id and titles are final. */
import type { LabPage } from '../../shell/page.js';

export const activationsPage: LabPage = {
  id: 'activations',
  title: { en: 'Activations', 'zh-TW': '激活函數' },
  strings: { en: { todo: 'Coming soon.' }, 'zh-TW': { todo: '即將推出。' } },
  mount(root, ctx) {
    root.textContent = ctx.t('todo');
  },
};
