/**
 * A text classifier (issue 17): `textVectorization` → `embedding` (maskZero) → `lstm` →
 * `dense`, on a small sentiment set generated here from templates (deterministic, seeded;
 * our own data, no licence issue). Sentences mix sentiment words with neutral filler and
 * negations ("not good" is negative), so word order matters; padding is masked.
 *
 * Run: npx tsx examples/text-classifier.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

const POSITIVE = ['good', 'great', 'excellent', 'wonderful', 'fun', 'moving', 'clever'];
const NEGATIVE = ['bad', 'boring', 'awful', 'dull', 'terrible', 'weak', 'silly'];
const SUBJECTS = ['the movie', 'this film', 'the story', 'the acting', 'the ending', 'the plot'];
const FILLER = ['really', 'quite', 'honestly', 'very', 'at times', 'overall', 'to me'];

/** A seeded stream in [0, 1) (mulberry32). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` labelled sentences (1 positive, 0 negative). */
export function sentimentTexts(n: number, seed: number): { texts: string[]; labels: number[] } {
  const next = stream(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const positiveWord = next() < 0.5;
    const negated = next() < 0.3;
    const word = pick(positiveWord ? POSITIVE : NEGATIVE);
    const parts = [pick(SUBJECTS), 'was'];
    if (next() < 0.5) parts.push(pick(FILLER));
    parts.push(negated ? `not ${word}` : word);
    if (next() < 0.4) parts.push(pick(FILLER));
    texts.push(parts.join(' '));
    labels.push(positiveWord !== negated ? 1 : 0);
  }
  return { texts, labels };
}

export interface TextClassifierResult {
  trainAccuracy: number;
  testAccuracy: number;
  examples: { text: string; positive: number }[];
}

export async function main({ epochs = 12, log = console.log } = {}): Promise<TextClassifierResult> {
  nn.setSeed(1);
  const train = sentimentTexts(600, 1);
  const test = sentimentTexts(200, 2);
  const vectorize = nn.layers.textVectorization({ maxTokens: 100, outputSequenceLength: 8 });
  vectorize.adapt(train.texts);
  const model = nn.sequential({
    layers: [
      nn.layers.embedding({ inputDim: 100, outputDim: 8, maskZero: true, inputShape: [8] }),
      nn.layers.lstm({ units: 12 }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.02 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const x = vectorize.apply(train.texts);
  const y = nn.tensor(train.labels, [train.labels.length, 1]);
  await model.fit(x, y, { epochs, batchSize: 32, verbose: 0, shuffle: true });
  const accuracy = (texts: string[], labels: number[]): number => {
    const p = model.predict(vectorize.apply(texts)).dataSync();
    return labels.filter((l, i) => (p[i]! > 0.5 ? 1 : 0) === l).length / labels.length;
  };
  const trainAccuracy = accuracy(train.texts, train.labels);
  const testAccuracy = accuracy(test.texts, test.labels);
  const samples = ['the plot was not boring', 'this film was really awful', 'the ending was great'];
  const p = model.predict(vectorize.apply(samples)).dataSync();
  const examples = samples.map((text, i) => ({ text, positive: p[i]! }));
  log(`train accuracy ${trainAccuracy.toFixed(3)}, test accuracy ${testAccuracy.toFixed(3)}`);
  for (const e of examples) log(`  ${e.positive.toFixed(2)}  ${e.text}`);
  return { trainAccuracy, testAccuracy, examples };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
