/**
 * `tf.data`: Neurite's data pipelines (`nn.data`), which follow TF.js's `tf.data` — `array`,
 * `generator`, `csv`, `func`, `zip` and the Dataset methods — plus TF.js's class name
 * `CSVDataset`. The browser capture sources (`webcam`, `microphone`) are not available.
 */
export * from '../data/index.js';
export { CsvDataset as CSVDataset } from '../data/index.js';
import { unavailable } from './not-available.js';

/** Camera capture is not available. */
export const webcam = unavailable('data.webcam');
/** Microphone capture is not available. */
export const microphone = unavailable('data.microphone');
