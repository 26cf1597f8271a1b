/**
 * Runs a test suite once per registered backend (`nn.listBackends()`), so a backend added
 * later (wasm) gets the same op and gradient suite as the reference `js` backend.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import * as nn from 'neurite';

/**
 * Declares `describe(`${title} [backend]`)` for every registered backend, with that backend
 * current while its tests run (and the previous one restored afterwards). A backend that
 * is registered but cannot initialise here fails its suite rather than being skipped.
 */
export function describeEachBackend(title: string, body: (backend: string) => void): void {
  for (const name of nn.listBackends()) {
    describe(`${title} [${name}]`, () => {
      let previous = 'js';
      beforeAll(async () => {
        previous = nn.getBackend();
        await nn.setBackend(name);
      });
      afterAll(async () => {
        await nn.setBackend(previous);
      });
      body(name);
    });
  }
}

/** Runs `fn` with each registered backend current in turn (for use inside one test). */
export async function forEachBackend(fn: (backend: string) => void | Promise<void>): Promise<void> {
  const previous = nn.getBackend();
  try {
    for (const name of nn.listBackends()) {
      await nn.setBackend(name);
      await fn(name);
    }
  } finally {
    await nn.setBackend(previous);
  }
}
