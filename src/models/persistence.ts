/**
 * Where `model.save`, `saveWeights` and `loadWeights` go. io/ builds and reads models, so it
 * depends on models/; models/ must not depend on io/. io/ installs its functions here when
 * it is loaded (the package entry loads it), and the Model methods call them.
 */
import { NeuriteError } from '../errors.js';
import type { IOHandler, SaveOptions, SaveResult } from '../io/types.js';
import type { Model } from './model.js';

/** The save and load functions io/ provides. */
export interface ModelPersistence {
  saveModel(
    model: Model,
    destination: string | IOHandler,
    options: SaveOptions,
  ): Promise<SaveResult>;
  saveWeights(model: Model, destination: string | IOHandler): Promise<SaveResult>;
  loadWeights(
    model: Model,
    source: string | IOHandler,
    options: { strict?: boolean },
  ): Promise<void>;
}

let installed: ModelPersistence | null = null;

/** Called once by io/api.ts. */
export function installModelPersistence(p: ModelPersistence): void {
  installed = p;
}

/** The installed functions; an error naming the call when io/ was never loaded. */
export function modelPersistence(where: string): ModelPersistence {
  if (!installed) {
    throw new NeuriteError(
      `${where}: saving and loading are not available: import them from 'neurite' (its io module installs them)`,
    );
  }
  return installed;
}
