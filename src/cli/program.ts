/** The `neurite` command line: argument parsing only; the work is in commands/. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { runCommand } from './errors.js';
import { convertCommand } from './commands/convert.js';
import { evaluateCommand, predictCommand } from './commands/inspect.js';
import { summaryCommand } from './commands/summary.js';
import { docsCommand, DOCS_PORT } from './commands/docs.js';
import { labCommand, LAB_PORT } from './commands/lab.js';
import { DEFAULT_EPOCHS, train } from './commands/train.js';
import { MAX_PNG_PIXELS, MAX_PNG_SIDE } from './image.js';
import { fileExtensions, FOLDER_FORMAT, formatNames, formatTable } from './model-files.js';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from '../io/onnx/export/options.js';
import { MAX_PARAMS, MAX_SEED } from './validate.js';
import * as plots from '../plots/index.js';

/** Decimal numbers only (`12`, `-0.5`, `.5`, `1e-3`): not `0x10`, `0b1`, `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const num = (v: string): number => {
  const n = Number(v);
  if (!DECIMAL.test(v.trim()) || !Number.isFinite(n))
    throw new InvalidArgumentError(`expected a number, received '${v}'`);
  return n;
};

export interface ProgramIo {
  log: (line: string) => void;
  err: (text: string) => void;
  /** Called with the exit code when a command finishes. */
  exit: (code: number) => void;
}

/** The options given on the command line (camelCase), as opposed to left at their defaults. */
function explicitOptions(cmd: Command): Set<string> {
  return new Set(
    cmd.options
      .map((opt) => opt.attributeName())
      .filter((name) => cmd.getOptionValueSource(name) === 'cli'),
  );
}

export function createProgram(io: ProgramIo): Command {
  const program = new Command();
  program
    .name('neurite')
    .description(
      "Neurite: train, evaluate and inspect neural networks (the chapter's experiments) from the command line, and convert model files between Keras, ONNX and TF.js",
    )
    .option('--debug', 'print stack traces on errors')
    .configureOutput({
      writeErr: io.err,
      writeOut: (s) => io.log(s.replace(/\n$/, '')),
      // Usage mistakes on one line, like every other error: `neurite: …`.
      outputError: (s, write) =>
        write(
          `neurite: ${s
            .replace(/^error: /, '')
            .trimEnd()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        ),
    })
    .exitOverride();
  const debug = (): boolean => Boolean(program.opts<{ debug?: boolean }>().debug);
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    io.exit(await runCommand(async () => void (await fn()), debug(), io.err));
  };

  program
    .command('train')
    .description(
      'train Flatten → Dense… → Dense(10, softmax) on Fashion-MNIST or MNIST, evaluate on the test set, save',
    )
    .addOption(new Option('--dataset <name>', 'fashion-mnist or mnist').default('fashion-mnist'))
    .option(
      '--layers <sizes>',
      `hidden layer sizes, comma separated (at most ${MAX_PARAMS.toLocaleString('en-US')} parameters in all)`,
      '128',
    )
    .option('--activation <id>', 'activation of the hidden layers', 'relu')
    .option(
      '--optimizer <id>',
      'sgd, adam, rmsprop, adagrad, adamw, adamax, nadam, adadelta, lion, ftrl',
      'adam',
    )
    .option('--learning-rate <lr>', "learning rate (default: the optimizer's Keras default)", num)
    .option(
      '--epochs <n>',
      "epochs in all; with --resume: the run's saved target unless given (a new total, at least the epochs done)",
      num,
      DEFAULT_EPOCHS,
    )
    .option('--batch-size <n>', 'batch size', num, 32)
    .option('--validation-split <f>', 'fraction held out for validation (the last one)', num, 0.1)
    .option(
      '--seed <n>',
      `seed for initialization and shuffling, 0 to ${MAX_SEED} (default: chosen at random and saved)`,
      num,
    )
    .option('--out <dir>', 'run folder to write (default: neurite-<dataset>)')
    .option('--limit <n>', 'use only the first N training and test images', num)
    .option(
      '--resume <dir>',
      "continue an interrupted run from its folder, with the run's saved settings (a flag that contradicts them is an error)",
    )
    .option('--backend <name>', 'js or wasm (default: the fastest available)')
    .addOption(
      new Option('--verbose <n>', '0 silent, 1 progress bar, 2 one line per epoch')
        .default(1)
        .argParser(num),
    )
    .addHelpText(
      'after',
      `
Each complete epoch is saved to the run folder (model/, history.json, history.csv,
train-state.json). Ctrl-C stops after the current batch and discards that partial epoch
(exit code 130); --resume DIR then continues from the last complete epoch and ends with
the same weights as an uninterrupted run.`,
    )
    .action((o: Record<string, string | number | undefined>, cmd: Command) =>
      run(() =>
        train(
          {
            dataset: String(o.dataset),
            layers: String(o.layers),
            activation: String(o.activation),
            optimizer: String(o.optimizer),
            learningRate: o.learningRate as number | undefined,
            epochs: o.epochs as number,
            batchSize: o.batchSize as number,
            validationSplit: o.validationSplit as number,
            seed: o.seed as number | undefined,
            out: o.out as string | undefined,
            limit: o.limit as number | undefined,
            resume: o.resume as string | undefined,
            backend: o.backend as string | undefined,
            verbose: o.verbose as number,
            explicit: explicitOptions(cmd),
          },
          io,
        ),
      ),
    );

  program
    .command('evaluate')
    .description('evaluate a saved model on the test set')
    .argument('<dir>', 'run folder or model folder')
    .option('--dataset <name>', 'fashion-mnist or mnist (default: the one it was trained on)')
    .option('--limit <n>', 'use only the first N test images', num)
    .action((dir: string, o: { dataset?: string; limit?: number }) =>
      run(() => evaluateCommand(dir, o, io)),
    );

  program
    .command('predict')
    .description(
      'classify PNG images (grey-scaled, resized to 28x28) or a test-set image with a saved model',
    )
    .argument('<dir>', 'run folder or model folder')
    .argument(
      '[images...]',
      `PNG files, at most ${MAX_PNG_SIDE}x${MAX_PNG_SIDE} pixels (${(MAX_PNG_PIXELS / 2 ** 20).toFixed(0)} Mpixels)`,
    )
    .option('--index <n>', 'classify test-set image number N (0 = the first)', num)
    .option('--dataset <name>', 'dataset for --index and class names')
    .option('--top <k>', 'how many classes to show, 1 to the number of classes', num, 3)
    .action(
      (dir: string, images: string[], o: { index?: number; dataset?: string; top?: number }) =>
        run(() => predictCommand(dir, images, o, io)),
    );

  program
    .command('summary')
    .description("print a saved model's format, layers and parameter counts")
    .argument(
      '<path>',
      `a model file (${fileExtensions()}), a ${FOLDER_FORMAT} or its model.json, or a run folder`,
    )
    .action((path: string) => run(() => summaryCommand(path, io)));

  program
    .command('convert')
    .description(`convert a model between ${formatNames()}`)
    .argument(
      '<in>',
      `the model to read: a file (its format is recognised by its bytes), a ${FOLDER_FORMAT} or its model.json, or a run folder`,
    )
    .argument('<out>', 'where to write it: the extension chooses the format (see below)')
    .option('--no-optimizer', "leave the optimizer's state out (weights and compile settings stay)")
    .option(
      '--opset <n>',
      `ONNX opset to write, ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET}; ONNX output only)`,
      num,
    )
    .addHelpText(
      'after',
      `
Formats (OUT's extension chooses; IN is recognised by its bytes):
${formatTable()}

Everything the output format holds is kept: architecture, weights, compile settings and
optimizer state for .keras, .h5 and folders; the graph and weights for .onnx. Nothing in
the input is ever executed (Lambda layers and custom objects are refused), and the input
is never overwritten.

Examples:
  neurite convert model.keras model.h5
  neurite convert model.h5 web-model      # a TF.js layers folder, for tf.loadLayersModel
  neurite convert web-model model.keras --no-optimizer
  neurite convert model.keras model.onnx --opset 17`,
    )
    .action((input: string, output: string, o: { optimizer?: boolean; opset?: number }) =>
      run(() => convertCommand(input, output, o, io)),
    );

  program
    .command('lab')
    .description(
      "serve the Neurite lab (the chapter's experiments, live in the browser) on this machine and open it",
    )
    .option('--port <n>', `port (default ${LAB_PORT}, or the next free one)`, num)
    .option('--no-open', 'only print the URL; do not open a browser')
    .addHelpText(
      'after',
      `
Serves lab/dist (built by \`npm run lab:build\`; built on first use when Vite is installed)
on 127.0.0.1 with the cross-origin isolation headers that WebAssembly threads need. Works
offline. Ctrl-C stops it.`,
    )
    .action((o: { port?: number; open?: boolean }) => run(() => labCommand(o, io)));

  program
    .command('docs')
    .description(
      'serve the documentation site (built by `npm run docs`) on this machine and open it',
    )
    .option('--port <n>', `port (default ${DOCS_PORT}, or the next free one)`, num)
    .option('--no-open', 'only print the URL; do not open a browser')
    .action((o: { port?: number; open?: boolean }) => run(() => docsCommand(o, io)));

  const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const plot = program
    .command('plot')
    .description("draw one of the chapter's figures as SVG, PNG or a Vega-Lite JSON spec")
    .argument('<figure>', plots.FIGURE_NAMES.join(', '))
    .requiredOption('--out <file>', 'output file: .svg, .png or .json')
    .option('--width <px>', 'PNG width in pixels (default 1200)')
    .addHelpText('after', '\n' + plots.plotHelp());
  const seen = new Set<string>();
  for (const opts of Object.values(plots.PLOT_OPTIONS)) {
    for (const key of Object.keys(opts)) {
      if (seen.has(key)) continue;
      seen.add(key);
      plot.option(`--${kebab(key)}${plots.PLOT_FLAGS.includes(key) ? '' : ' <value>'}`);
    }
  }
  plot.action((figure: string, o: Record<string, string | boolean | undefined>) =>
    run(async () => {
      const { out, ...options } = o;
      io.log(await plots.plotCommand(figure, options, String(out)));
    }),
  );

  return program;
}
