/**
 * The error box: uncaught errors and rejected promises (and errors a page's mount throws)
 * are shown on the page, not only on the console, with a dismiss button.
 */
import { h } from './dom.js';

/** The error box's element and the function that adds an error to it. */
export interface ErrorBox {
  element: HTMLElement;
  show(error: unknown): void;
  clear(): void;
}

/** A message for anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Builds the error box; `t` gives the shell's strings in the current language. */
export function errorBox(t: (key: string) => string): ErrorBox {
  const list = h('ul', { class: 'errors' });
  const dismiss = h('button', {
    type: 'button',
    text: t('dismiss'),
    'data-testid': 'dismiss-error',
  });
  const element = h(
    'div',
    { class: 'error-box', role: 'alert', hidden: true, 'data-testid': 'error-box' },
    h('strong', { text: t('errorTitle') }),
    list,
    dismiss,
  );
  const clear = (): void => {
    list.replaceChildren();
    element.hidden = true;
  };
  dismiss.addEventListener('click', clear);
  return {
    element,
    clear,
    show(error) {
      list.append(h('li', { text: errorMessage(error) }));
      element.hidden = false;
    },
  };
}

/** Routes uncaught errors and unhandled rejections to `box` (and keeps them on the console). */
export function catchUncaught(box: ErrorBox): void {
  addEventListener('error', (e) => box.show(e.error ?? e.message));
  addEventListener('unhandledrejection', (e) => box.show(e.reason));
}
