/** The code panel: the page's Neurite program, with a copy button. */
import { h } from './dom.js';

/** The code panel's element and the function that fills it. */
export interface CodePanel {
  element: HTMLElement;
  show(code: string): void;
}

/** Builds the code panel; `t` gives the shell's strings in the current language. */
export function codePanel(t: (key: string) => string): CodePanel {
  const code = h('code', { class: 'language-ts', 'data-testid': 'code' });
  const pre = h('pre', { tabindex: 0, 'aria-label': t('code') }, code);
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = h('button', {
    type: 'button',
    class: 'copy',
    'data-testid': 'copy-code',
    text: t('copy'),
  });
  copy.addEventListener('click', () => {
    const text = code.textContent ?? '';
    const done = (ok: boolean): void => {
      status.textContent = ok ? t('copied') : t('copyFailed');
      setTimeout(() => (status.textContent = ''), 2500);
    };
    if (navigator.clipboard?.writeText)
      navigator.clipboard.writeText(text).then(
        () => done(true),
        () => done(selectCode(pre)),
      );
    else done(selectCode(pre));
  });
  const element = h(
    'section',
    {
      class: 'code-panel',
      'aria-labelledby': 'code-title',
      hidden: true,
      'data-testid': 'code-panel',
    },
    h('div', { class: 'code-head' }, h('h2', { id: 'code-title', text: t('code') }), copy, status),
    h('p', { class: 'hint', text: t('codeHint') }),
    pre,
  );
  return {
    element,
    show(text) {
      code.textContent = text.trim() + '\n';
      element.hidden = text.trim() === '';
    },
  };
}

/** Selects the code so that the user can copy it by hand; false (the copy did not happen). */
function selectCode(pre: HTMLElement): boolean {
  const range = document.createRange();
  range.selectNodeContents(pre);
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  return false;
}
