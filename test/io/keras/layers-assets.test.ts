/**
 * Adapted vocabularies kept in a `.keras` file's assets (`assets/<layer path>/vocabulary.txt`,
 * Keras's IndexLookup.save_assets) are read into the lookup layers' configs. The Keras
 * oracle's numpy-backend Keras cannot build these layers ("requires TensorFlow"), so the
 * files here are made by hand in Keras's layout: Neurite's own save with the layer's
 * `vocabulary` set to null in config.json and the vocabulary moved to the asset.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { modelToBytes } from '../../../src/io/api.js';
import { ModelIOError } from '../../../src/io/model-io-error.js';

type Json = Record<string, unknown>;

/** A `.keras` file of `model` whose lookup layers keep their vocabulary in assets at `assets`. */
async function withAssets(model: nn.Model, assets: Record<string, string>): Promise<Uint8Array> {
  const files = unzipSync(await modelToBytes(model, 'keras'));
  const config = JSON.parse(strFromU8(files['config.json']!)) as Json;
  for (const l of (config.config as { layers: Json[] }).layers) {
    const c = l.config as Json;
    if ('vocabulary' in c) c.vocabulary = null;
  }
  files['config.json'] = strToU8(JSON.stringify(config));
  for (const [name, text] of Object.entries(assets)) files[name] = strToU8(text);
  return zipSync(files);
}

function lookupModel(): nn.Model {
  const m = nn.sequential({ name: 'lookups' });
  m.add(nn.layers.integerLookup({ vocabulary: [7, 3, 11], inputShape: [2], name: 'ids' }));
  m.add(nn.layers.integerLookup({ vocabulary: [0, 1, 2], name: 'again' }));
  return m;
}

describe('vocabularies in .keras assets', () => {
  test('an asset vocabulary (special tokens first, trailing newline) becomes the layer vocabulary', async () => {
    const bytes = await withAssets(lookupModel(), {
      'assets/layers/integer_lookup/vocabulary.txt': '-1\n11\n3\n7\n',
      'assets/layers/integer_lookup_1/vocabulary.txt': '-1\n2\n0\n1',
    });
    const model = await nn.loadModel(bytes);
    const ids = model.layers[0]!.getConfig() as Json;
    const again = model.layers[1]!.getConfig() as Json;
    expect(ids.vocabulary).toEqual([-1, 11, 3, 7]);
    expect(again.vocabulary).toEqual([-1, 2, 0, 1]);
    // 11 → 1, 7 → 3, 5 (OOV) → 0, 3 → 2; then by [-1, 2, 0, 1]: 1 → 3, 3 → 0 (OOV), 0 → 2, 2 → 1.
    const y = model.predict(nn.tensor(Float32Array.of(11, 7, 5, 3), [2, 2], 'float32'));
    expect(Array.from(y.dataSync())).toEqual([3, 0, 2, 1]);
  });

  test('a non-integer IntegerLookup token is refused, naming the entry and the layer', async () => {
    const bytes = await withAssets(lookupModel(), {
      'assets/layers/integer_lookup/vocabulary.txt': '-1\n11\nx\n',
      'assets/layers/integer_lookup_1/vocabulary.txt': '-1\n2',
    });
    const err = await nn.loadModel(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIOError);
    expect(String(err)).toMatch(
      /assets\/layers\/integer_lookup\/vocabulary\.txt line 3: layer 'ids' \(IntegerLookup\) expects one integer/,
    );
  });

  test('an asset entry with an unsafe name is refused before anything is read', async () => {
    const bytes = await withAssets(lookupModel(), {
      'assets/../vocabulary.txt': '-1\n1',
    });
    await expect(nn.loadModel(bytes)).rejects.toThrow(/unsafe name/);
  });
});
