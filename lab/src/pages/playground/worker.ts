/**
 * The playground's training worker: it holds the data and the Neurite model, trains in
 * slices of a few tens of milliseconds (yielding between slices, so that `pause` and new
 * states are read at once), and posts a frame (scores, curves, the maps' pixels) whenever
 * the page has drawn the previous one, at most every 100 ms. The page's thread only paints.
 */
import * as nn from 'neurite';
import { featureMatrix, gridPoints, makePoints, splitPoints } from './data.js';
import { computeFrame, MAP_RES, NEURON_RES } from './frame.js';
import type { Frame, FromWorker, ToWorker } from './protocol.js';
import type { PlaygroundState } from './state.js';
import { Trainer } from './trainer.js';

const SLICE_MS = 30;
/** Frames come at most every 100 ms, and at most a third of the time goes to making them. */
const FRAME_MS = 100;

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let generation = -1;
let state: PlaygroundState | null = null;
let trainer: Trainer | null = null;
let mapFeatures: Float32Array = new Float32Array(0);
let neuronFeatures: Float32Array = new Float32Array(0);
let playing = false;
let awaitingAck = false;
let lastFrame = 0;
let frameCost = 0;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function sendFrame(): void {
  lastFrame = performance.now();
  awaitingAck = true;
  let frame: Frame;
  if (!trainer || !state) {
    frame = {
      type: 'frame',
      generation,
      epoch: 0,
      steps: 0,
      train: null,
      test: null,
      curve: [],
      map: null,
      neurons: [],
    };
  } else {
    const f = computeFrame(trainer, state, mapFeatures, neuronFeatures);
    frameCost = performance.now() - lastFrame;
    // A loss that is no longer a number stops the run (the page says why).
    if (!Number.isFinite(f.train?.loss) || !Number.isFinite(f.test?.loss)) playing = false;
    frame = { type: 'frame', generation, ...f };
  }
  const transfer: Transferable[] = frame.neurons.map((n) => n.buffer);
  if (frame.map) transfer.push(frame.map.buffer);
  post(frame, transfer);
}

// Slices are chained through a MessageChannel: no timer clamping, and page messages
// (pause, a new state) are handled between two slices.
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  if (!playing || !trainer) return;
  trainer.runFor(SLICE_MS);
  if (!awaitingAck && performance.now() - lastFrame >= Math.max(FRAME_MS, 3 * frameCost)) {
    sendFrame();
  }
  if (playing) channel.port2.postMessage(null);
};

function handle(m: ToWorker): void {
  if (m.type === 'reset') {
    generation = m.generation;
    state = m.state;
    playing = false;
    trainer?.dispose();
    trainer = null;
    const points = makePoints(state);
    const trainable = points.length >= 4 && new Set(points.map((p) => p.label)).size >= 2;
    mapFeatures = featureMatrix(gridPoints(MAP_RES), state.features);
    neuronFeatures = featureMatrix(gridPoints(NEURON_RES), state.features);
    if (trainable)
      trainer = new Trainer(state, splitPoints(points, state.trainPercent, state.seed));
    sendFrame();
    return;
  }
  if (m.generation !== generation) return;
  switch (m.type) {
    case 'step':
      playing = false;
      trainer?.stepEpoch();
      sendFrame();
      break;
    case 'play':
      if (!trainer || playing) return;
      playing = true;
      channel.port2.postMessage(null);
      break;
    case 'pause':
      playing = false;
      sendFrame();
      break;
    case 'ack':
      awaitingAck = false;
      break;
  }
}

const ready = nn.ready();
scope.onmessage = (e) => {
  void ready
    .then(() => handle(e.data))
    .catch((err: unknown) =>
      post({
        type: 'error',
        generation,
        message: err instanceof Error ? err.message : String(err),
      }),
    );
};
