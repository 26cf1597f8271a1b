// file:// save and load for @tensorflow/tfjs in Node, which (unlike tfjs-node) has none:
// model.json + weights.bin in a folder, as tfjs-node writes them. Installed only when the
// library has no file:// handler of its own.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function installFileRouter(tf) {
  if (tf.io.getSaveHandlers('file://probe').length > 0) return false;
  const dirOf = (url) => url.slice('file://'.length);
  tf.io.registerSaveRouter((url) =>
    typeof url === 'string' && url.startsWith('file://')
      ? {
          async save(artifacts) {
            const dir = dirOf(url);
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
            const { weightData: _data, weightSpecs, ...rest } = artifacts;
            const weightsManifest = [{ paths: ['weights.bin'], weights: weightSpecs }];
            fs.writeFileSync(
              path.join(dir, 'model.json'),
              JSON.stringify({ ...rest, weightsManifest }),
            );
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
          },
        }
      : null,
  );
  tf.io.registerLoadRouter((url) =>
    typeof url === 'string' && url.startsWith('file://')
      ? {
          async load() {
            let file = dirOf(url);
            if (fs.statSync(file).isDirectory()) file = path.join(file, 'model.json');
            const json = JSON.parse(fs.readFileSync(file, 'utf8'));
            const dir = path.dirname(file);
            const shards = json.weightsManifest.flatMap((g) =>
              g.paths.map((p) => fs.readFileSync(path.join(dir, p))),
            );
            const all = Buffer.concat(shards);
            return {
              modelTopology: json.modelTopology,
              trainingConfig: json.trainingConfig,
              weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
              weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
            };
          },
        }
      : null,
  );
  return true;
}
