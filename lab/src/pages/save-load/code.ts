/** The Neurite program for the save-and-load page, as a learner would write it. */

/** Saving, downloading and loading in the browser, as one function a page calls. */
export function codeFor(): string {
  return `import * as nn from 'neurite';
import { io } from 'neurite/tfjs';

/**
 * What this page does. \`model\`: a trained model (the MNIST page's);
 * \`dropped\`: the files dropped on the page; \`pixels\`: a 28×28 drawing, 0..1.
 */
export async function saveAndLoad(model: nn.Model, dropped: File[], pixels: Float32Array) {
  // Keep it in this browser (IndexedDB, TF.js's database: 'indexeddb://mnist-model').
  await nn.saveModel(model, io.browserIndexedDB('mnist-model'));
  const again = await nn.loadModel(io.browserIndexedDB('mnist-model'));

  // Download it: a TF.js folder (model.json + model.weights.bin), a .keras file, an .onnx file.
  await nn.saveModel(model, io.browserDownloads('model'));
  const keras: Uint8Array = await nn.io.modelToBytes(model, 'keras');
  const onnx: Uint8Array = await nn.io.modelToBytes(model, 'onnx');
  console.log(\`.keras: \${keras.length} bytes, .onnx: \${onnx.length} bytes\`);

  // Load what was dropped: one .keras / .h5 / .onnx file, or a TF.js model.json with its weights.
  const single = dropped.find((f) => /\\.(keras|h5|onnx)$/i.test(f.name));
  const loaded = single
    ? await nn.loadModel(single)
    : await nn.loadModel(io.browserFiles(dropped)); // model.json first, then its .bin files
  loaded.summary();

  // Predict one drawing.
  again.predict(nn.tensor(pixels, [1, 28, 28])).print();
}
`;
}
