/**
 * The model the MNIST page trained last, kept for the session so that the save-and-load
 * page can save, download or try it (page modules live as long as the tab; pages do not).
 */
import type * as nn from 'neurite';
import type { DatasetId, TrainResult } from './protocol.js';

/** The last trained model's artifacts and what it was trained on. */
export interface TrainedModel {
  artifacts: nn.io.ModelArtifacts;
  dataset: DatasetId;
  testAccuracy: number;
  /** The run's results, shown again when the MNIST page is opened anew. */
  result: TrainResult;
}

let last: TrainedModel | null = null;

/** Keeps `m` as the session's trained model. */
export function setTrained(m: TrainedModel): void {
  last = m;
}

/** The session's trained model, if the MNIST page trained one. */
export function getTrained(): TrainedModel | null {
  return last;
}
