import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { JsBackend } from '../../src/backends/js/js-backend.js';
import { expectTensor } from '../helpers/expect-close.js';

/** A second backend (the reference kernels under another name) to test switching. */
class TwinBackend extends JsBackend {
  override readonly name: string = 'js-twin';
}

describe('backends', () => {
  test('js is registered and current by default', async () => {
    expect(nn.listBackends()).toContain('js');
    expect(nn.getBackend()).toBe('js');
    await nn.ready();
    expect(nn.listBackends()).toContain(nn.getBackend());
    await nn.setBackend('js');
  });

  test('an unknown backend name lists the registered ones', async () => {
    await expect(nn.setBackend('cuda')).rejects.toThrow(nn.NeuriteError);
    await expect(nn.setBackend('cuda')).rejects.toThrow(
      /setBackend: unknown backend 'cuda'; registered backends: js/,
    );
  });

  test('tensors made on one backend are moved to the current one when used', async () => {
    nn.registerBackend('js-twin', () => new TwinBackend(), 0);
    const t = nn.tensor([1, 2, 3]);
    const m0 = nn.memory();
    await nn.setBackend('js-twin');
    try {
      expect(nn.getBackend()).toBe('js-twin');
      const y = nn.mul(t, 2);
      expect(y.storage.backend.name).toBe('js-twin');
      expect(t.storage.backend.name).toBe('js-twin');
      expectTensor(y, [2, 4, 6]);
      // Moving does not change what memory() counts: the old buffer was released.
      // y is new (the number 2 goes to the kernel, not into a buffer); t moved, and its
      // old buffer was released.
      expect(nn.memory().numBytes - m0.numBytes).toBe(12);
      const g = nn.grad((x) => nn.sum(nn.square(x)))(t);
      expectTensor(g, [2, 4, 6]);
    } finally {
      await nn.setBackend('js');
    }
    expectTensor(nn.add(t, 1), [2, 3, 4]);
    expect(t.storage.backend.name).toBe('js');
  });
});
