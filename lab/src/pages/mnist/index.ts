/**
 * Page 5, MNIST and Fashion-MNIST: trains the chapter's MLP or a small CNN in a Web Worker
 * (worker.ts) on the real data sets, with live curves and a progress bar, then shows the
 * confusion matrix, the worst-classified test images, and a canvas to draw on with the
 * softmax bars updating as you draw. The trained model is kept for the save-and-load page.
 */
import type * as nn from 'neurite';
import { h } from '../../shell/dom.js';
import type { LabPage, PageContext } from '../../shell/page.js';
import { selectControl, numberControl } from './controls.js';
import { curves } from './curves.js';
import { drawPad } from './draw-pad.js';
import { codeFor } from './model-spec.js';
import { predictImage, modelFrom } from './predictor.js';
import { probBars } from './prob-bars.js';
import type {
  Arch,
  DatasetId,
  FromWorker,
  ToWorker,
  TrainResult,
  TrainSettings,
} from './protocol.js';
import { confusionTable, worstGrid } from './results.js';
import { CLASS_NAMES, MNIST_STRINGS } from './strings.js';
import { getTrained, setTrained } from './trained.js';
import './mnist.css';

const TRAIN_SIZES = [1000, 10000, 30000, 60000];
const BATCHES = [16, 32, 64, 128, 256];

/** The settings in the URL, each checked (anything else falls back to the default). */
export function settingsFrom(params: URLSearchParams): TrainSettings {
  const int = (key: string, ok: (v: number) => boolean, fallback: number): number => {
    const v = Number(params.get(key));
    return params.has(key) && Number.isInteger(v) && ok(v) ? v : fallback;
  };
  return {
    dataset: params.get('data') === 'fashion-mnist' ? 'fashion-mnist' : 'mnist',
    arch: params.get('net') === 'cnn' ? 'cnn' : 'mlp',
    trainSize: int('n', (v) => TRAIN_SIZES.includes(v), 10000),
    epochs: int('epochs', (v) => v >= 1 && v <= 20, 3),
    batchSize: int('batch', (v) => BATCHES.includes(v), 32),
  };
}

type Phase = 'idle' | 'loading' | 'training' | 'evaluating' | 'done' | 'error';

async function mount(root: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, signal } = ctx;
  const settings = settingsFrom(ctx.params);
  const names = (): readonly string[] => CLASS_NAMES[settings.dataset][ctx.lang];
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

  const sync = (): void => {
    ctx.setParams({
      data: settings.dataset,
      net: settings.arch,
      n: settings.trainSize,
      epochs: settings.epochs,
      batch: settings.batchSize,
    });
    ctx.showCode(codeFor(settings));
  };

  const pageEl = h('div', { class: 'mnist-page', 'data-testid': 'mnist-page' });

  // Controls.
  const dataset = selectControl(
    t('dataset'),
    [
      ['mnist', t('dsMnist')],
      ['fashion-mnist', t('dsFashion')],
    ],
    settings.dataset,
    'mnist-dataset',
    (v) => {
      settings.dataset = v as DatasetId;
      sync();
    },
  );
  const arch = selectControl(
    t('arch'),
    [
      ['mlp', t('archMlp')],
      ['cnn', t('archCnn')],
    ],
    settings.arch,
    'mnist-arch',
    (v) => {
      settings.arch = v as Arch;
      sync();
    },
  );
  const size = selectControl(
    t('trainSize'),
    TRAIN_SIZES.map((n) => [String(n), n.toLocaleString(ctx.lang)] as const),
    String(settings.trainSize),
    'mnist-train-size',
    (v) => {
      settings.trainSize = Number(v);
      sync();
    },
  );
  const epochs = numberControl(
    t('epochs'),
    settings.epochs,
    { min: 1, max: 20 },
    'mnist-epochs',
    (v) => {
      settings.epochs = v;
      sync();
    },
  );
  const batch = selectControl(
    t('batch'),
    BATCHES.map((n) => [String(n), String(n)] as const),
    String(settings.batchSize),
    'mnist-batch',
    (v) => {
      settings.batchSize = Number(v);
      sync();
    },
  );
  const trainButton = h('button', {
    type: 'button',
    class: 'primary',
    'data-testid': 'mnist-train',
    text: t('train'),
  });
  const stopButton = h('button', {
    type: 'button',
    'data-testid': 'mnist-stop',
    text: t('stop'),
    disabled: true,
  });
  const inputs = [dataset.select, arch.select, size.select, epochs.input, batch.select];

  const progress = h('progress', {
    max: 1,
    value: 0,
    'aria-label': t('progress'),
    'data-testid': 'mnist-progress',
    class: 'mnist-progress',
  });
  const status = h('p', {
    class: 'status',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': 'mnist-status',
    text: t('idle'),
  });
  const lossEl = h('div', { class: 'chart', 'data-testid': 'mnist-loss-chart' });
  const accEl = h('div', { class: 'chart', 'data-testid': 'mnist-accuracy-chart' });
  const chart = curves(
    lossEl,
    accEl,
    {
      loss: t('lossTitle'),
      accuracy: t('accTitle'),
      x: t('xTitle'),
      series: [t('seriesTrain'), t('seriesTest')],
    },
    signal,
  );
  const results = h('section', {
    class: 'mnist-results',
    hidden: true,
    'aria-labelledby': 'mnist-results-h',
  });

  // Drawing.
  let model: nn.Model | null = null;
  const bars = probBars(names(), t('bars'), 'mnist-probs');
  const drawTitle = h('h2', {
    text: t(settings.dataset === 'mnist' ? 'drawTitleDigit' : 'drawTitleGarment'),
  });
  const predict = (input: Float32Array | null): void => {
    if (!model) return bars.set(null, t('noModel'));
    if (!input) return bars.set(null, t('drawSomething'));
    bars.set(predictImage(model, input), t('drawSomething'));
  };
  const pad = drawPad({
    label: t('drawLabel'),
    clearLabel: t('clear'),
    previewLabel: t('preview'),
    testId: 'mnist-draw',
    style: settings.dataset === 'mnist' ? 'digit' : 'garment',
    onChange: predict,
    signal,
  });
  const useModel = async (artifacts: nn.io.ModelArtifacts, set: DatasetId): Promise<void> => {
    const next = await modelFrom(artifacts);
    if (signal.aborted) {
      next.dispose();
      return;
    }
    model?.dispose();
    model = next;
    bars.setNames(CLASS_NAMES[set][ctx.lang]);
    drawTitle.textContent = t(set === 'mnist' ? 'drawTitleDigit' : 'drawTitleGarment');
    pad.setStyle(set === 'mnist' ? 'digit' : 'garment');
    predict(pad.input());
  };
  signal.addEventListener('abort', () => model?.dispose());

  // Training.
  let worker: Worker | null = null;
  let phase: Phase = 'idle';
  let epochsOfRun = settings.epochs;
  const setPhase = (p: Phase): void => {
    phase = p;
    pageEl.dataset.phase = p;
    const busy = p === 'loading' || p === 'training' || p === 'evaluating';
    trainButton.disabled = busy;
    stopButton.disabled = !(p === 'training' || p === 'loading');
    for (const el of inputs) el.disabled = busy;
  };
  const send = (m: ToWorker): void => worker?.postMessage(m);
  const showResult = (r: TrainResult): void => {
    const classNames = CLASS_NAMES[r.settings.dataset][ctx.lang];
    status.textContent = `${t(r.stopped ? 'stopped' : 'done', {
      seconds: r.trainSeconds.toFixed(1),
      acc: pct(r.testAccuracy),
    })} ${t('kept')}`;
    pageEl.dataset.testAccuracy = String(r.testAccuracy);
    pageEl.dataset.trainSeconds = r.trainSeconds.toFixed(2);
    progress.value = 1;
    results.replaceChildren(
      h('h2', { id: 'mnist-results-h', text: t('resultsTitle') }),
      h('h3', { text: t('confusionTitle') }),
      h('p', { class: 'hint', text: t('confusionHelp') }),
      confusionTable(r.confusion, classNames, t),
      h('h3', { text: t('worstTitle') }),
      worstGrid(r.worst, classNames, t),
    );
    results.hidden = false;
  };
  const onMessage = (m: FromWorker): void => {
    switch (m.type) {
      case 'phase':
        setPhase(m.phase);
        if (m.phase !== 'training') status.textContent = t(m.phase);
        return;
      case 'progress':
        progress.value = (m.epoch + m.batch / m.batches) / epochsOfRun;
        status.textContent = t('training', {
          epoch: m.epoch + 1,
          epochs: epochsOfRun,
          batch: m.batch,
          batches: m.batches,
          loss: m.loss.toFixed(3),
          acc: pct(m.accuracy),
        });
        chart.add('loss', [{ seen: m.seen, value: m.loss, series: t('seriesTrain') }]);
        chart.add('accuracy', [{ seen: m.seen, value: m.accuracy, series: t('seriesTrain') }]);
        return;
      case 'epoch':
        chart.add('loss', [{ seen: m.seen, value: m.testLoss, series: t('seriesTest') }]);
        chart.add('accuracy', [{ seen: m.seen, value: m.testAccuracy, series: t('seriesTest') }]);
        return;
      case 'done':
        setPhase('done');
        showResult(m.result);
        setTrained({
          artifacts: m.result.artifacts,
          dataset: m.result.settings.dataset,
          testAccuracy: m.result.testAccuracy,
          result: m.result,
        });
        void useModel(m.result.artifacts, m.result.settings.dataset);
        return;
      case 'error':
        setPhase('error');
        status.textContent = t('failed', { message: m.message });
        return;
    }
  };
  trainButton.addEventListener('click', () => {
    if (phase === 'loading' || phase === 'training' || phase === 'evaluating') return;
    if (!worker) {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
      worker.onerror = (e) => {
        setPhase('error');
        status.textContent = t('failed', { message: e.message || 'worker error' });
      };
    }
    epochsOfRun = settings.epochs;
    chart.reset();
    results.hidden = true;
    progress.value = 0;
    delete pageEl.dataset.testAccuracy;
    setPhase('loading');
    status.textContent = t('loading');
    send({
      type: 'train',
      settings: { ...settings },
      dataUrl: new URL('data/', document.baseURI).href,
      seed: 1,
    });
  });
  stopButton.addEventListener('click', () => send({ type: 'stop' }));
  signal.addEventListener('abort', () => worker?.terminate());

  pageEl.append(
    h('p', { text: t('intro') }),
    h(
      'fieldset',
      { class: 'mnist-settings' },
      h('legend', { text: t('settings') }),
      h(
        'div',
        { class: 'controls' },
        dataset.element,
        arch.element,
        size.element,
        epochs.element,
        batch.element,
      ),
      h('div', { class: 'buttons' }, trainButton, stopButton),
    ),
    progress,
    status,
    h('div', { class: 'chart-row' }, lossEl, accEl),
    results,
    h(
      'section',
      { class: 'mnist-draw' },
      drawTitle,
      h('div', { class: 'draw-row' }, pad.element, bars.element),
    ),
  );
  root.append(pageEl);
  pageEl.dataset.phase = 'idle';
  sync();
  void chart.start();
  const kept = getTrained();
  if (kept) {
    showResult(kept.result);
    pageEl.dataset.phase = 'done';
    await useModel(kept.artifacts, kept.dataset);
  } else bars.set(null, t('noModel'));
}

export const mnistPage: LabPage = {
  id: 'mnist',
  title: { en: 'MNIST and Fashion-MNIST', 'zh-TW': 'MNIST 與 Fashion-MNIST' },
  strings: MNIST_STRINGS,
  mount,
};
