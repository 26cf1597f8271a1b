// Loads a saved layers model through file:// and prints its predictions on fixed inputs.
// Usage: node load-predict.mjs MODEL_DIR INPUT_JSON   (INPUT_JSON: a nested array)
import * as tf from '@tensorflow/tfjs';
import { installFileRouter } from './node-file-io.mjs';

installFileRouter(tf);
const [dir, input] = process.argv.slice(2);
const model = await tf.loadLayersModel('file://' + dir);
const y = model.predict(tf.tensor(JSON.parse(input)));
console.log(
  JSON.stringify({
    program: 'load-predict',
    layers: model.layers.map((l) => l.getClassName()),
    shape: y.shape,
    predictions: Array.from(await y.data()),
  }),
);
