/** The lab's entry point: the styles, the registry and the shell. */
import './style.css';
import { PAGES } from './pages/registry.js';
import { startLab } from './shell/app.js';

startLab(document.getElementById('app')!, PAGES);
