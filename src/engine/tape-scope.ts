/**
 * The two ways code changes which gradient tapes are recording: run a function with one
 * more tape recording (`withTape`), or with every tape paused (`withoutTapes`: a backward
 * pass, an optimizer update — work that is never differentiated). Both restore the stack
 * however the function ends. Nothing else touches ENGINE.tapes.
 */
import { type ActiveTape, ENGINE } from './engine.js';

/** Runs `fn` while `tape` records every op, and returns what it returns. */
export function withTape<T>(tape: ActiveTape, fn: () => T): T {
  ENGINE.tapes.push(tape);
  try {
    return fn();
  } finally {
    const i = ENGINE.tapes.lastIndexOf(tape);
    if (i >= 0) ENGINE.tapes.splice(i, 1);
  }
}

/** Runs `fn` with no tape recording, and returns what it returns. */
export function withoutTapes<T>(fn: () => T): T {
  const paused = ENGINE.tapes.splice(0, ENGINE.tapes.length);
  try {
    return fn();
  } finally {
    ENGINE.tapes.push(...paused);
  }
}
