/**
 * The Neurite program for the playground's current settings, as a learner would write it
 * and run it in Node (`npx tsx playground.ts`): the same seeded points (the generators are
 * printed from the same formulas as data.ts; a test checks they agree), the same features,
 * network and optimizer, trained with `model.fit`. Pure: a function of the state.
 */
import { classCount, type FeatureId, type PlaygroundState } from './state.js';

/** Epochs the printed program trains for. */
export const CODE_EPOCHS = 100;

const PRNG = `// Seeded random numbers: the lab's generator, so these are the lab's points.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}`;

/** Each generated data set's body: `n`, `classes`, `noise`, `rand` are in scope. */
const GENERATORS: Record<Exclude<PlaygroundState['data'], 'custom'>, string> = {
  blobs: `Array.from({ length: n }, (_, i) => {
  const c = i % classes;
  const a = (2 * Math.PI * c) / classes + Math.PI / 4;
  const sd = 0.5 + 4 * noise;
  return {
    x: 3 * Math.cos(a) + sd * gaussian(rand),
    y: 3 * Math.sin(a) + sd * gaussian(rand),
    label: c,
  };
})`,
  moons: `Array.from({ length: n }, (_, i) => {
  const c = i % 2;
  const t = Math.PI * rand();
  const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
  const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
  return {
    x: 2.6 * (x - 0.5 + noise * gaussian(rand)),
    y: 2.6 * (y - 0.25 + noise * gaussian(rand)),
    label: c,
  };
})`,
  circles: `Array.from({ length: n }, (_, i) => {
  const c = i % 2;
  const r = c === 0 ? 5 * (0.7 + 0.3 * rand()) : 5 * 0.5 * rand();
  const a = 2 * Math.PI * rand();
  return {
    x: r * Math.cos(a) + 2.5 * noise * gaussian(rand),
    y: r * Math.sin(a) + 2.5 * noise * gaussian(rand),
    label: c,
  };
})`,
  xor: `Array.from({ length: n }, () => {
  const pad = (v: number): number => (v > 0 ? v + 0.3 : v - 0.3);
  const x = pad(10 * rand() - 5);
  const y = pad(10 * rand() - 5);
  return {
    x: x + 2.5 * noise * gaussian(rand),
    y: y + 2.5 * noise * gaussian(rand),
    label: x * y > 0 ? 0 : 1,
  };
})`,
  spiral: `Array.from({ length: n }, (_, i) => {
  const c = i % classes;
  const s = rand();
  const r = 5 * s;
  const t = 1.75 * 2 * Math.PI * s + (2 * Math.PI * c) / classes;
  return {
    x: r * Math.sin(t) + 2 * noise * gaussian(rand),
    y: r * Math.cos(t) + 2 * noise * gaussian(rand),
    label: c,
  };
})`,
};

const NAMES: Record<PlaygroundState['data'], string> = {
  blobs: 'Blobs',
  moons: 'Two moons',
  circles: 'Circles',
  xor: 'XOR',
  spiral: 'Spiral',
  custom: 'Your points',
};

const FEATURE_CODE: Record<FeatureId, string> = {
  x1: 'p.x',
  x2: 'p.y',
  x1sq: 'p.x * p.x',
  x2sq: 'p.y * p.y',
  x1x2: 'p.x * p.y',
  sinx1: 'Math.sin(p.x)',
  sinx2: 'Math.sin(p.y)',
};

function dataCode(s: Readonly<PlaygroundState>): string {
  if (s.data === 'custom') {
    const rows = s.custom.map((p) => `[${p.x}, ${p.y}, ${p.label}]`);
    const lines: string[] = [];
    for (let i = 0; i < rows.length; i += 6) lines.push(`  ${rows.slice(i, i + 6).join(', ')},`);
    return `// ${NAMES.custom}: x, y, label.
const points = ([
${lines.join('\n')}
] as [number, number, number][]).map(([x, y, label]) => ({ x, y, label }));`;
  }
  return `// ${NAMES[s.data]}: ${s.points} points, noise ${s.noise} %.
const n = ${s.points};
const classes = ${classCount(s)};
const noise = ${s.noise / 100};
const rand = mulberry32(${s.seed});
const points = ${GENERATORS[s.data]};`;
}

function optimizerCode(s: Readonly<PlaygroundState>): string {
  const lr = `learningRate: ${s.learningRate}`;
  switch (s.optimizer) {
    case 'momentum':
      return `nn.optimizers.sgd({ ${lr}, momentum: 0.9 })`;
    default:
      return `nn.optimizers.${s.optimizer}({ ${lr} })`;
  }
}

function layersCode(s: Readonly<PlaygroundState>): string {
  const classes = classCount(s);
  const reg =
    s.regularization === 'none'
      ? ''
      : `, kernelRegularizer: nn.regularizers.${s.regularization}({ ${s.regularization}: ${s.regRate} })`;
  const input = `inputShape: [${s.features.length}], `;
  const lines: string[] = [];
  s.layers.forEach((l, i) => {
    lines.push(
      `    nn.layers.dense({ ${i === 0 ? input : ''}units: ${l.units}, activation: '${l.activation}'${reg} }),`,
    );
    if (s.dropout > 0) lines.push(`    nn.layers.dropout({ rate: ${s.dropout} }),`);
  });
  const out =
    classes === 2 ? `units: 1, activation: 'sigmoid'` : `units: ${classes}, activation: 'softmax'`;
  lines.push(`    nn.layers.dense({ ${s.layers.length === 0 ? input : ''}${out}${reg} }),`);
  return lines.join('\n');
}

/** The program (TypeScript, an ES module) for a state. */
export function programFor(s: Readonly<PlaygroundState>): string {
  const classes = classCount(s);
  const splitSeed = (s.seed ^ 0x9e3779b9) >>> 0;
  const labels =
    classes === 2
      ? 'nn.tensor2d(ps.map((p) => [p.label]))'
      : "nn.tensor1d(ps.map((p) => p.label), 'float32')";
  const loss = classes === 2 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
  const features = s.features.map((f) => FEATURE_CODE[f]).join(', ');
  return `// The Neurite playground's settings as a program. Run it with Node:
//   npm install neurite tsx && npx tsx playground.ts
import * as nn from 'neurite';

${PRNG}

${dataCode(s)}

// Shuffle (seeded), then ${s.trainPercent} % of the points train and the rest test.
const shuffle = mulberry32(${splitSeed});
for (let i = points.length - 1; i > 0; i--) {
  const j = Math.floor(shuffle() * (i + 1));
  [points[i], points[j]] = [points[j]!, points[i]!];
}
const nTrain = Math.min(points.length - 1, Math.max(1, Math.round((points.length * ${s.trainPercent}) / 100)));
const train = points.slice(0, nTrain);
const test = points.slice(nTrain);

// Input features: ${s.features.join(', ')}.
type Point = { x: number; y: number; label: number };
const toX = (ps: Point[]) => nn.tensor2d(ps.map((p) => [${features}]));
const toY = (ps: Point[]) => ${labels};

// The network (the seed fixes the initial weights and the dropout masks).
nn.setSeed(${s.seed});
const model = nn.sequential({
  layers: [
${layersCode(s)}
  ],
});
model.summary();
model.compile({
  optimizer: ${optimizerCode(s)},
  loss: '${loss}',
  metrics: ['accuracy'],
});

const history = await model.fit(toX(train), toY(train), {
  epochs: ${CODE_EPOCHS},
  batchSize: ${s.batchSize},
  validationData: [toX(test), toY(test)],
  verbose: 0,
});
const logs = history.history;
console.log('training loss', logs.loss?.at(-1), 'test loss', logs.val_loss?.at(-1));
const { accuracy } = await model.evaluate(toX(test), toY(test), { verbose: 0 });
console.log('test accuracy', accuracy);
`;
}
