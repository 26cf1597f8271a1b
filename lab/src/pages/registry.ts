/** The lab's pages, in the chapter's order: one line per page. */
import type { LabPage } from '../shell/page.js';
import { neuronPage } from './neuron/index.js';
import { activationsPage } from './activations/index.js';
import { playgroundPage } from './playground/index.js';
import { optimizersPage } from './optimizers/index.js';
import { mnistPage } from './mnist/index.js';
import { saveLoadPage } from './save-load/index.js';

export const PAGES: readonly LabPage[] = [
  neuronPage,
  activationsPage,
  playgroundPage,
  optimizersPage,
  mnistPage,
  saveLoadPage,
];
