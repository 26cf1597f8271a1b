/** Placeholder until the page is built: its id and titles are final. */
import type { LabPage } from '../../shell/page.js';

export const saveLoadPage: LabPage = {
  id: 'save-load',
  title: { en: 'Save and load', 'zh-TW': '儲存與載入' },
  strings: { en: { todo: 'Coming soon.' }, 'zh-TW': { todo: '即將推出。' } },
  mount(root, ctx) {
    root.textContent = ctx.t('todo');
  },
};
