/** The datasets the CLI trains on, by name. */
import { datasets } from '../index.js';
import { CliError } from './errors.js';

export const DATASETS = ['fashion-mnist', 'mnist'] as const;
export type DatasetName = (typeof DATASETS)[number];

export function datasetByName(name: string): {
  name: DatasetName;
  module: typeof datasets.mnist;
  classNames: readonly string[];
} {
  const key = name.toLowerCase().replace(/_/g, '-');
  if (key === 'fashion-mnist' || key === 'fashionmnist')
    return {
      name: 'fashion-mnist',
      module: datasets.fashionMnist,
      classNames: datasets.fashionMnist.classNames,
    };
  if (key === 'mnist')
    return { name: 'mnist', module: datasets.mnist, classNames: datasets.mnist.classNames };
  throw new CliError(`unknown dataset '${name}'; choose one of ${DATASETS.join(', ')}`);
}
