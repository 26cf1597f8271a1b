/**
 * A label a loss refuses, with the row of yTrue it sits in, so that a training loop which
 * took the batch out of a larger (possibly shuffled) array can name the caller's row.
 */
import { ValueError } from '../errors.js';

/** A ValueError about one label, carrying its row (first-axis index) in the loss's yTrue. */
export class LabelError extends ValueError {
  /** The label's row in the yTrue the loss was given (its first-axis index). */
  readonly row: number;

  constructor(message: string, row: number) {
    super(message);
    this.row = row;
  }
}
