// tensor.print() and toString() in TF.js's format, tensor conversions, tf.util and
// tf.test_util. Prints lines meant to be identical whatever runs them.
import * as tf from '@tensorflow/tfjs';

tf.tensor2d([
  [1, 2],
  [3, 4],
]).print();
tf.tensor1d([1.5, -2, 3.25, 0.1]).print();
tf.scalar(7).print();
tf.tensor([true, false, true], [3], 'bool').print();
tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]).print();
tf.tensor2d([
  [10, -200.5],
  [3, 4],
]).print(true);
tf.range(0, 25).print();
tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32').print();
console.log(tf.tensor1d([0.25, 1e-8, 123456.789]).toString());
console.log(tf.zeros([22, 2]).toString());

const t = tf.tensor2d([
  [1.7, -2.2],
  [3.9, 4.1],
]);
console.log('dtype', t.toInt().dtype, t.toFloat().dtype, t.toBool().dtype);
console.log('toInt', JSON.stringify(t.toInt().arraySync()));
console.log(
  'as1D',
  JSON.stringify(t.as1D().shape),
  'as2D',
  JSON.stringify(t.as1D().as2D(1, 4).shape),
);
console.log('asScalar', tf.tensor1d([5]).asScalar().rank);
// (TF.js's cpu backend shares the buffer with the tensor: use a tensor read no more.)
const buf = tf.tensor2d([1, 2, 3, 4], [2, 2]).bufferSync();
buf.set(42, 1, 0);
console.log('buffer', buf.get(1, 0), JSON.stringify(buf.toTensor().arraySync()));
const b2 = tf.buffer([2, 3], 'int32');
b2.set(7, 1, 2);
console.log('tf.buffer', JSON.stringify(b2.toTensor().arraySync()), b2.toTensor().dtype);
console.log('data', JSON.stringify(Array.from(await t.data())), JSON.stringify(await t.array()));

console.log('sizeFromShape', tf.util.sizeFromShape([2, 3, 4]));
console.log('flatten', JSON.stringify(tf.util.flatten([[1, [2, 3]], [4]])));
console.log(
  'arraysEqual',
  tf.util.arraysEqual([1, 2], [1, 2]),
  tf.util.arraysEqual([1, 2], [2, 1]),
);
const arr = [1, 2, 3, 4, 5, 6, 7, 8];
tf.util.shuffle(arr);
console.log('shuffle', JSON.stringify([...arr].sort((p, q) => p - q)));
try {
  tf.util.assert(1 + 1 === 3, () => 'math is broken');
} catch (e) {
  console.log('assert', e.message);
}
tf.util.assert(true, () => 'never');

tf.test_util.expectArraysClose(await t.data(), [1.7, -2.2, 3.9, 4.1]);
tf.test_util.expectArraysClose([1, 2.0005], [1, 2]);
tf.test_util.expectArraysEqual(await t.toInt().data(), [1, -2, 3, 4]);
try {
  tf.test_util.expectArraysClose([1, 2.5], [1, 2]);
} catch (e) {
  console.log('expectArraysClose', e.message.split('\n')[0]);
}
try {
  tf.test_util.expectArraysEqual([1, 2, 3], [1, 2]);
} catch (e) {
  console.log('expectArraysEqual', e.message.split('\n')[0]);
}
const before = tf.memory().numTensors;
const kept = tf.tidy(() => {
  const x = tf.ones([3]);
  tf.keep(x.add(1));
  return x.mul(2);
});
console.log('tidy', tf.memory().numTensors - before, JSON.stringify(kept.arraySync()));
tf.dispose(kept);
console.log('moments', JSON.stringify(tf.moments(tf.tensor1d([1, 2, 3, 4])).variance.arraySync()));
console.log('oneHot', tf.oneHot(tf.tensor1d([1, 0], 'int32'), 3).dtype);
