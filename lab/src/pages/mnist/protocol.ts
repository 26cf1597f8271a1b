/**
 * The messages between the MNIST page and its training worker (worker.ts). Everything in
 * them is structured-cloneable; pixel data and weights travel as transferred buffers.
 */
import type * as nn from 'neurite';

/** The two data sets the lab serves as static files (`data/<id>/*.gz`). */
export type DatasetId = 'mnist' | 'fashion-mnist';
/** The chapter's multilayer perceptron, or a small convolutional network. */
export type Arch = 'mlp' | 'cnn';

/** What the user chose to train. */
export interface TrainSettings {
  dataset: DatasetId;
  arch: Arch;
  /** Training images used (the first n of the 60,000). */
  trainSize: number;
  epochs: number;
  batchSize: number;
}

/** Page → worker. `dataUrl` is the absolute URL of the lab's `data/` folder. */
export type ToWorker =
  { type: 'train'; settings: TrainSettings; dataUrl: string; seed: number } | { type: 'stop' };

/** One of the test images the model got most wrong. */
export interface WorstImage {
  /** Index in the test set. */
  index: number;
  /** 784 bytes, 0..255. */
  pixels: Uint8Array;
  label: number;
  predicted: number;
  /** The probability the model gave the true class. */
  probTrue: number;
}

/** What training left: the test results and the model itself (to predict, save, download). */
export interface TrainResult {
  settings: TrainSettings;
  stopped: boolean;
  testLoss: number;
  testAccuracy: number;
  /** 10×10 counts, row = true class, column = predicted class. */
  confusion: number[];
  worst: WorstImage[];
  /** Seconds spent in fit (loading the data not included). */
  trainSeconds: number;
  artifacts: nn.io.ModelArtifacts;
}

/** Worker → page. */
export type FromWorker =
  | { type: 'phase'; phase: 'loading' | 'training' | 'evaluating' }
  | {
      type: 'progress';
      epoch: number;
      /** Batches done in this epoch, and per epoch. */
      batch: number;
      batches: number;
      /** Examples seen since training began (x axis of the curves). */
      seen: number;
      loss: number;
      accuracy: number;
    }
  | {
      type: 'epoch';
      epoch: number;
      seen: number;
      loss: number;
      accuracy: number;
      testLoss: number;
      testAccuracy: number;
    }
  | { type: 'done'; result: TrainResult }
  | { type: 'error'; message: string };
