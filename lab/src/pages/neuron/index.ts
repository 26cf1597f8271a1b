/** Placeholder until the page is built: its id and titles are final. */
import type { LabPage } from '../../shell/page.js';

export const neuronPage: LabPage = {
  id: 'neuron',
  title: { en: 'Neuron and perceptron', 'zh-TW': '神經元與感知器' },
  strings: { en: { todo: 'Coming soon.' }, 'zh-TW': { todo: '即將推出。' } },
  mount(root, ctx) {
    root.textContent = ctx.t('todo');
  },
};
