/**
 * A canvas to draw a digit or a garment on (mouse, pen or touch, through pointer events),
 * a clear button, and a 28×28 preview of what the model sees. Shared by the MNIST and the
 * save-and-load pages.
 */
import { h } from '../../shell/dom.js';
import { inkOf, SIDE, toModelInput, type FitStyle } from './preprocess.js';

/** Side of the drawing canvas's bitmap (CSS scales it to the screen). */
const BITMAP = 280;
/** Pen width in bitmap pixels: after fitting into 20×20, a stroke about 2 pixels wide. */
const PEN = 22;

/** The pad's element and how to reach its state. */
export interface DrawPad {
  readonly element: HTMLElement;
  /** The model input for the current drawing (null when empty). */
  input(): Float32Array | null;
  clear(): void;
  /** Sets how the drawing is fitted (digits or garments); calls `onChange` again. */
  setStyle(style: FitStyle): void;
}

export interface DrawPadArgs {
  /** Labels in the page's language. */
  label: string;
  clearLabel: string;
  previewLabel: string;
  /** A `data-testid` prefix: `<prefix>-canvas`, `<prefix>-clear`, `<prefix>-preview`. */
  testId: string;
  style?: FitStyle;
  /** Called (at most once a frame) with the model input after each change. */
  onChange(input: Float32Array | null): void;
  signal: AbortSignal;
}

/** Makes a drawing pad. */
export function drawPad(args: DrawPadArgs): DrawPad {
  let style = args.style ?? 'digit';
  const canvas = h('canvas', {
    width: BITMAP,
    height: BITMAP,
    class: 'draw-canvas',
    role: 'img',
    'aria-label': args.label,
    'data-testid': `${args.testId}-canvas`,
  });
  const preview = h('canvas', {
    width: SIDE,
    height: SIDE,
    class: 'draw-preview',
    role: 'img',
    'aria-label': args.previewLabel,
    'data-testid': `${args.testId}-preview`,
  });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const pctx = preview.getContext('2d')!;
  let current: Float32Array | null = null;
  let frame = 0;

  const wipe = (): void => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, BITMAP, BITMAP);
  };
  const update = (): void => {
    frame = 0;
    const ink = inkOf(ctx.getImageData(0, 0, BITMAP, BITMAP).data);
    current = toModelInput(ink, BITMAP, BITMAP, style);
    const img = pctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round((current?.[i] ?? 0) * 255);
      img.data.set([v, v, v, 255], i * 4);
    }
    pctx.putImageData(img, 0, 0);
    args.onChange(current);
  };
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  args.signal.addEventListener('abort', () => cancelAnimationFrame(frame));

  const point = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * BITMAP, ((e.clientY - r.top) / r.height) * BITMAP];
  };
  let last: [number, number] | null = null;
  const stroke = (to: [number, number]): void => {
    const from = last ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
    last = to;
    schedule();
  };
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    last = null;
    stroke(point(e));
  });
  canvas.addEventListener('pointermove', (e) => {
    if (last) stroke(point(e));
  });
  const end = (): void => {
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  const clear = (): void => {
    wipe();
    last = null;
    schedule();
  };
  const clearButton = h('button', {
    type: 'button',
    'data-testid': `${args.testId}-clear`,
    text: args.clearLabel,
    onclick: clear,
  });
  wipe();
  schedule();
  const element = h(
    'div',
    { class: 'draw-pad' },
    canvas,
    h(
      'div',
      { class: 'draw-side' },
      h('figure', { class: 'figure' }, preview, h('figcaption', { text: args.previewLabel })),
      clearButton,
    ),
  );
  return {
    element,
    input: () => current,
    clear,
    setStyle(next) {
      style = next;
      schedule();
    },
  };
}
