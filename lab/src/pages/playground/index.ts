/**
 * Page 3, the Playground: TensorFlow Playground's model (a small network on 2-D points, a
 * live decision map, a map per neuron, the whole state in the URL) with what its users
 * asked for: their own points (drawn or from a CSV), multi-class softmax outputs, dropout,
 * per-layer activations, bigger networks and presets, trained by Neurite.
 */
import type { LabPage } from '../../shell/page.js';
import { mountPlayground } from './playground.js';
import { STRINGS } from './strings.js';

export const playgroundPage: LabPage = {
  id: 'playground',
  title: { en: 'Playground', 'zh-TW': '遊樂場' },
  strings: STRINGS,
  mount: mountPlayground,
};
