/**
 * The names neurite/tfjs offers: every public name of TF.js 4.22 is defined (a Neurite
 * function, an adaptation, or a stub that throws a NotAvailableError naming it); the stubs
 * are only for names the core lacks (this test fails when the core gains one, so the stub
 * can go); tensor methods TF.js has are there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as ops from '../../src/ops/index.js';
import * as coreLayers from '../../src/layers/index.js';
import * as tf from '../../src/tfjs/index.js';
import * as stubs from '../../src/tfjs/unavailable.js';
import {
  missingLayers,
  NotAvailableError,
  UNAVAILABLE_METHODS,
} from '../../src/tfjs/not-available.js';

const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs') as Record<string, unknown>;
const ours = tf as unknown as Record<string, unknown>;

/** TF.js internals that a program does not call (kernel registries, backend utilities). */
const INTERNAL = new Set([
  'backend_util',
  'broadcast_util',
  'broadcastArgs',
  'copyRegisteredKernels',
  'cosineWindow',
  'deprecationWarn',
  'deregisterOp',
  'device_util',
  'disableDeprecationWarnings',
  'enclosingPowerOfTwo',
  'findBackendFactory',
  'forceHalfFloat',
  'fused',
  'gather_util',
  'getGradient',
  'getKernel',
  'getKernelsForBackend',
  'gpgpu_util',
  'kernel_impls',
  'op',
  'raggedGather',
  'raggedRange',
  'raggedTensorToTensor',
  'registerBackend',
  'scatter_util',
  'setWebGLContext',
  'shared',
  'slice_util',
  'sumOutType',
  'tensor_util',
  'unregisterGradient',
  'unregisterKernel',
  'upcastType',
  'version_converter',
  'version_cpu',
  'version_webgl',
  'webgl_util',
]);

describe('names', () => {
  test('every public TF.js function and namespace is defined (none is silently undefined)', () => {
    const missing = Object.keys(tfjs).filter(
      (k) => /^[a-z]/.test(k) && !INTERNAL.has(k) && ours[k] === undefined,
    );
    expect(missing).toEqual([]);
  });

  test("the namespaces' members too", () => {
    const internal: Record<string, string[]> = {
      io: ['CompositeArrayBuffer', 'decodeWeightsStream', 'getModelArtifactsForJSONSync'],
      data: ['FileDataSource', 'TextLineDataset', 'URLDataSource', 'default', 'version_data'],
      test_util: [
        'TEST_EPSILON_FLOAT16',
        'createVideoElement',
        'encodeStrings',
        'expectPromiseToFail',
        'play',
      ],
      util: [],
    };
    for (const ns of [
      'io',
      'train',
      'losses',
      'metrics',
      'data',
      'callbacks',
      'regularizers',
      'initializers',
      'layers',
      'test_util',
    ]) {
      const theirs = tfjs[ns] as Record<string, unknown>;
      const mine = ours[ns] as Record<string, unknown>;
      const missing = Object.keys(theirs).filter(
        (k) => !(k in mine) && !(internal[ns] ?? []).includes(k),
      );
      expect([ns, missing]).toEqual([ns, []]);
    }
  });

  test('each stub throws a NotAvailableError naming it, and names something the core lacks', () => {
    const core = nn as unknown as Record<string, unknown>;
    const coreOps = ops as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(stubs)) {
      expect([name, core[name] ?? coreOps[name]]).toEqual([name, undefined]);
      if (typeof value === 'function') {
        expect(() => (value as () => unknown)()).toThrow(NotAvailableError);
        expect(() => (value as () => unknown)()).toThrow(
          `tf.${name} is not available in neurite/tfjs`,
        );
        expect(ours[name]).toBe(value);
      } else {
        const members = Object.entries(value as Record<string, () => unknown>);
        expect(members.length).toBeGreaterThan(0);
        for (const [m, f] of members) expect(f).toThrow(`tf.${name}.${m} is not available`);
      }
    }
  });

  test('tf.layers: the core factory wins over a stub; the stubs name the layer', () => {
    const layers = tf.layers as unknown as Record<string, unknown>;
    const core = coreLayers as unknown as Record<string, unknown>;
    for (const name of Object.keys(missingLayers)) {
      if (name in core) expect(layers[name]).toBe(core[name]);
      else
        expect(() => (layers[name] as () => unknown)()).toThrow(
          `tf.layers.${name} is not available`,
        );
    }
    expect(tf.layers.dense).toBe(coreLayers.dense);
    expect(tf.layers.input).toBe(tf.input);
  });

  test('TF.js tensor methods exist on every tensor', () => {
    const t = tf.tensor([1]);
    const theirs = (tfjs.tensor as (v: number[]) => object)([1]);
    const names = new Set<string>();
    for (
      let p: object | null = theirs;
      p && p !== Object.prototype;
      p = Object.getPrototypeOf(p) as object | null
    ) {
      for (const k of Object.getOwnPropertyNames(p)) names.add(k);
    }
    const internal = [
      'dataId',
      'isDisposedInternal',
      'kept',
      'rankType',
      'throwIfDisposed',
      'constructor',
      'id',
      'scopeId',
      'size',
      'shape',
      'dtype',
    ];
    const missing = [...names].filter((k) => !internal.includes(k) && !(k in t));
    expect(missing).toEqual([]);
    expect(UNAVAILABLE_METHODS).toContain('cumsum');
    expect(() => (t as unknown as Record<string, () => unknown>).cumsum!()).toThrow(
      'tensor.cumsum() is not available in neurite/tfjs',
    );
  });

  test('tf.version names the TF.js API followed and this package', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
      devDependencies: Record<string, string>;
    };
    expect(tf.version.neurite).toBe(pkg.version);
    expect(tf.version['tfjs-core']).toBe((tfjs.version as Record<string, string>)['tfjs-core']);
  });

  test('the same tensors, ops and engine as neurite', () => {
    expect(tf.Tensor).toBe(nn.Tensor);
    expect(tf.matMul).toBe(nn.matMul);
    expect(tf.tidy).toBe(nn.tidy);
    expect(tf.data.csv).toBe(nn.data.csv);
    expect(tf.layers.dense({ units: 1 })).toBeInstanceOf(nn.Layer);
  });
});
