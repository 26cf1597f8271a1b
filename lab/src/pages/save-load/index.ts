/**
 * Page 6, Save and load: the current model (the one the MNIST page trained, one saved in
 * this browser, or a dropped file) with its summary and a drawing canvas when it takes a
 * 28×28 image; save it to IndexedDB (`indexeddb://`), list and delete saved models,
 * download it as a TF.js folder, `.keras` or `.onnx`, and load dropped model files.
 */
import * as nn from 'neurite';
import { io as tfio } from 'neurite/tfjs';
import { h, uid } from '../../shell/dom.js';
import type { LabPage, PageContext } from '../../shell/page.js';
import { selectControl } from '../mnist/controls.js';
import { drawPad } from '../mnist/draw-pad.js';
import { imageShapeFor, modelFrom, modelInputShape, predictImage } from '../mnist/predictor.js';
import { probBars } from '../mnist/prob-bars.js';
import { CLASS_NAMES } from '../mnist/strings.js';
import { getTrained } from '../mnist/trained.js';
import { deleteSaved, listSaved } from './browser-store.js';
import { codeFor } from './code.js';
import { downloadBytes, FileChoiceError, loadFiles } from './model-files.js';
import { SAVE_LOAD_STRINGS } from './strings.js';
import '../mnist/mnist.css';
import './save-load.css';

type Labels = 'mnist' | 'fashion-mnist';

/** The metadata key under which the lab records which classes a saved model predicts. */
const LABELS_KEY = 'neuriteLabLabels';

async function mount(root: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, signal } = ctx;
  const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  let model: nn.Model | null = null;
  let labels: Labels = 'mnist';
  signal.addEventListener('abort', () => model?.dispose());

  const page = h('div', { class: 'save-load-page', 'data-testid': 'save-load-page' });
  const status = h('p', {
    class: 'status',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': 'save-load-status',
  });

  // The current model.
  const source = h('p', { 'data-testid': 'model-source', text: t('none') });
  const toMnist = h('a', { href: '#/mnist', text: t('toMnist') });
  const summary = h('pre', {
    class: 'model-summary',
    'data-testid': 'model-summary',
    tabindex: 0,
    'aria-label': t('summary'),
  });
  const summaryBox = h(
    'details',
    { open: true, hidden: true },
    h('summary', { text: t('summary') }),
    summary,
  );
  const bars = probBars(CLASS_NAMES.mnist[ctx.lang], t('bars'), 'save-load-probs');
  const predict = (input: Float32Array | null): void => {
    if (!model || !input) return bars.set(null, t('drawSomething'));
    bars.set(predictImage(model, input), t('drawSomething'));
  };
  const pad = drawPad({
    label: t('drawLabel'),
    clearLabel: t('clear'),
    previewLabel: t('preview'),
    testId: 'save-load-draw',
    onChange: predict,
    signal,
  });
  const labelSelect = selectControl(
    t('labels'),
    [
      ['mnist', t('labelsDigits')],
      ['fashion-mnist', t('labelsGarments')],
    ],
    labels,
    'save-load-labels',
    (v) => setLabels(v === 'fashion-mnist' ? 'fashion-mnist' : 'mnist'),
  );
  const setLabels = (next: Labels): void => {
    labels = next;
    labelSelect.select.value = next;
    bars.setNames(CLASS_NAMES[next][ctx.lang]);
    pad.setStyle(next === 'mnist' ? 'digit' : 'garment');
  };
  const notImage = h('p', { class: 'hint', 'data-testid': 'not-image', hidden: true });
  const tryBox = h(
    'section',
    { class: 'try', hidden: true, 'data-testid': 'try-model' },
    h('h3', { text: t('tryTitle') }),
    h('div', { class: 'controls' }, labelSelect.element),
    h('div', { class: 'draw-row' }, pad.element, bars.element),
  );
  const actions = h('div', { class: 'model-actions', hidden: true });

  const setModel = (next: nn.Model, from: string, nextLabels: Labels): void => {
    model?.dispose();
    model = next;
    source.textContent = from;
    toMnist.hidden = true;
    const lines: string[] = [];
    next.summary((line) => lines.push(line));
    summary.textContent = lines.join('\n');
    summaryBox.hidden = false;
    actions.hidden = false;
    const fits = imageShapeFor(next) !== null;
    tryBox.hidden = !fits;
    notImage.hidden = fits;
    notImage.textContent = fits
      ? ''
      : t('notImage', { shape: JSON.stringify(modelInputShape(next)) });
    setLabels(nextLabels);
    page.dataset.model = next.name;
    predict(pad.input());
  };

  // Saving in this browser.
  const nameId = uid('save-name');
  const nameInput = h('input', {
    id: nameId,
    type: 'text',
    value: 'mnist-model',
    'data-testid': 'save-name',
    autocomplete: 'off',
    class: 'text',
  });
  const withLabels = (handler: nn.IOHandler): nn.IOHandler => ({
    save: (a) =>
      handler.save!({
        ...a,
        userDefinedMetadata: { ...(a.userDefinedMetadata ?? {}), [LABELS_KEY]: labels },
      }),
  });
  const saveButton = h('button', {
    type: 'button',
    class: 'primary',
    'data-testid': 'save-browser',
    text: t('save'),
    onclick: () => {
      const name = nameInput.value.trim();
      if (!model) return;
      if (!name) return void (status.textContent = t('badName'));
      nn.saveModel(model, withLabels(tfio.browserIndexedDB(name)))
        .then(async () => {
          status.textContent = t('saved', { name });
          await refreshList();
        })
        .catch((e: unknown) => (status.textContent = t('failedAction', { message: message(e) })));
    },
  });

  // Downloads.
  const download = (
    label: string,
    testid: string,
    run: (m: nn.Model) => Promise<string>,
  ): HTMLButtonElement =>
    h('button', {
      type: 'button',
      'data-testid': testid,
      text: label,
      onclick: () => {
        if (!model) return;
        run(model)
          .then((file) => (status.textContent = t('downloaded', { file })))
          .catch((e: unknown) => (status.textContent = t('failedAction', { message: message(e) })));
      },
    });
  actions.append(
    h('h3', { text: t('saveTitle') }),
    h(
      'div',
      { class: 'controls' },
      h('div', { class: 'control' }, h('label', { for: nameId, text: t('saveName') }), nameInput),
      saveButton,
    ),
    h('h3', { text: t('downloadTitle') }),
    h(
      'div',
      { class: 'buttons' },
      download(t('downloadTfjs'), 'download-tfjs', async (m) => {
        await nn.saveModel(m, tfio.browserDownloads('model'));
        return 'model.json, model.weights.bin';
      }),
      download(t('downloadKeras'), 'download-keras', async (m) => {
        downloadBytes(await nn.io.modelToBytes(m, 'keras'), 'model.keras');
        return 'model.keras';
      }),
      download(t('downloadOnnx'), 'download-onnx', async (m) => {
        downloadBytes(await nn.io.modelToBytes(m, 'onnx'), 'model.onnx');
        return 'model.onnx';
      }),
    ),
  );

  // The list of saved models.
  const list = h('div', { 'data-testid': 'saved-list' });
  const loadSaved = async (name: string): Promise<void> => {
    let stored: Labels | null = null;
    const idb = tfio.browserIndexedDB(name);
    const next = await nn.loadModel({
      load: async () => {
        const a = await idb.load!();
        const v = a.userDefinedMetadata?.[LABELS_KEY];
        stored = v === 'fashion-mnist' ? 'fashion-mnist' : v === 'mnist' ? 'mnist' : null;
        return a;
      },
    });
    if (signal.aborted) return void next.dispose();
    setModel(next, t('fromBrowser', { name }), stored ?? 'mnist');
  };
  const refreshList = async (): Promise<void> => {
    const rows = await listSaved();
    if (signal.aborted) return;
    if (rows.length === 0) {
      list.replaceChildren(h('p', { class: 'hint', text: t('listEmpty') }));
      return;
    }
    const act = (
      label: string,
      aria: string,
      testid: string,
      fn: () => Promise<void>,
    ): HTMLButtonElement =>
      h('button', {
        type: 'button',
        'aria-label': aria,
        'data-testid': testid,
        text: label,
        onclick: () =>
          void fn().catch(
            (e: unknown) => (status.textContent = t('failedAction', { message: message(e) })),
          ),
      });
    list.replaceChildren(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'values saved' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['colName', 'colDate', 'colSize', 'colActions'].map((k) =>
                h('th', { scope: 'col', text: t(k) }),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...rows.map((r) =>
              h(
                'tr',
                { 'data-testid': `saved-${r.name}` },
                h('td', { text: r.name }),
                h('td', { text: r.dateSaved ? r.dateSaved.toLocaleString(ctx.lang) : '' }),
                h('td', { text: r.bytes === null ? '' : `${(r.bytes / 1024).toFixed(0)} KiB` }),
                h(
                  'td',
                  { class: 'row-actions' },
                  act(t('load'), t('loadFor', { name: r.name }), `load-${r.name}`, () =>
                    loadSaved(r.name),
                  ),
                  act(
                    t('delete'),
                    t('deleteFor', { name: r.name }),
                    `delete-${r.name}`,
                    async () => {
                      await deleteSaved(r.name);
                      status.textContent = t('deleted', { name: r.name });
                      await refreshList();
                    },
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  };

  // Dropped or chosen files.
  const fileId = uid('model-files');
  const fileInput = h('input', {
    id: fileId,
    type: 'file',
    multiple: true,
    class: 'visually-hidden',
    'data-testid': 'model-files',
    accept: '.json,.bin,.keras,.h5,.hdf5,.onnx',
  });
  const takeFiles = (files: File[]): void => {
    if (files.length === 0) return;
    status.textContent = t('loading');
    loadFiles(files, { none: t('dropNone') })
      .then((loaded) => {
        if (signal.aborted) return void loaded.model.dispose();
        setModel(loaded.model, t('fromFile', { files: loaded.name, kind: loaded.kind }), 'mnist');
        status.textContent = '';
      })
      .catch((e: unknown) => {
        status.textContent =
          e instanceof FileChoiceError ? e.message : t('failed', { message: message(e) });
      });
  };
  fileInput.addEventListener('change', () => {
    takeFiles([...(fileInput.files ?? [])]);
    fileInput.value = '';
  });
  const drop = h(
    'div',
    { class: 'drop-zone', 'data-testid': 'drop-zone' },
    h('p', { text: t('dropHint') }),
    h('label', { for: fileId, class: 'file-button', text: t('choose') }),
    fileInput,
  );
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    takeFiles([...(e.dataTransfer?.files ?? [])]);
  });

  page.append(
    h('p', { text: t('intro') }),
    h('h2', { text: t('currentTitle') }),
    source,
    toMnist,
    summaryBox,
    notImage,
    tryBox,
    actions,
    status,
    h('h2', { text: t('listTitle') }),
    list,
    h('h2', { text: t('dropTitle') }),
    drop,
  );
  root.append(page);
  ctx.showCode(codeFor());

  const trained = getTrained();
  const pending: Promise<void>[] = [
    refreshList().catch(
      (e: unknown) => void (status.textContent = t('failedAction', { message: message(e) })),
    ),
  ];
  if (trained) {
    pending.push(
      modelFrom(trained.artifacts).then((m) => {
        if (signal.aborted) return void m.dispose();
        const dataset = t(trained.dataset === 'mnist' ? 'labelsDigits' : 'labelsGarments');
        setModel(
          m,
          t('fromSession', { dataset, acc: `${(trained.testAccuracy * 100).toFixed(1)}%` }),
          trained.dataset,
        );
        nameInput.value = `${trained.dataset}-model`;
      }),
    );
  }
  await Promise.all(pending);
}

export const saveLoadPage: LabPage = {
  id: 'save-load',
  title: { en: 'Save and load', 'zh-TW': '儲存與載入' },
  strings: SAVE_LOAD_STRINGS,
  mount,
};
