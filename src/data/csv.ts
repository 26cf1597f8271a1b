/**
 * `nn.data.csv`: a dataset of the rows of a CSV file, parsed as it is read (TF.js's
 * `tf.data.csv`). Rows become records keyed by column name, or `{xs, ys}` when some column
 * is a label; numbers are parsed per column dtype. A bad row is reported with the source,
 * its row number (the header is row 1) and the column.
 */
import { ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';
import { type CsvRow, CsvParser } from './csv-parser.js';
import { type CsvSource, checkCsvSource, csvText, describeCsvSource } from './csv-source.js';
import { Dataset, type DatasetIterator } from './dataset.js';
import { isPlainObject } from './elements.js';

export type { CsvSource } from './csv-source.js';

/**
 * A column's type: numbers (`float32`, `int32`), 0/1 (`bool`) or text (`string`).
 *
 * @example
 * const dtype: nn.data.CsvDType = 'int32';
 */
export type CsvDType = 'float32' | 'int32' | 'bool' | 'string';

/**
 * How one column is read (TF.js's `ColumnConfig`).
 *
 * @example
 * const label: nn.data.ColumnConfig = { isLabel: true, dtype: 'int32' };
 * const age: nn.data.ColumnConfig = { dtype: 'float32', default: 30 };
 */
export interface ColumnConfig {
  /** The column is a label: it goes into `ys`, the others into `xs`. Labels are required. */
  readonly isLabel?: boolean;
  /**
   * How values are parsed. Without a dtype, a value that reads as a number is a number and
   * anything else a string.
   */
  readonly dtype?: CsvDType;
  /** An empty value is an error (else it is `default`, or undefined). */
  readonly required?: boolean;
  /** The value of an empty field. */
  readonly default?: number | string;
}

/**
 * Options of `nn.data.csv` (TF.js's `CSVConfig`).
 *
 * @example
 * const config: nn.data.CsvConfig = { delimiter: ';', columnConfigs: { y: { isLabel: true } } };
 */
export interface CsvConfig {
  /** The first row names the columns. Default true. */
  readonly hasHeader?: boolean;
  /** Column names: required without a header; with one, they replace its names. */
  readonly columnNames?: readonly string[];
  /** Per-column settings, keyed by column name. */
  readonly columnConfigs?: Readonly<Record<string, ColumnConfig>>;
  /** Keep only the columns named in `columnConfigs`. Default false. */
  readonly configuredColumnsOnly?: boolean;
  /** The field delimiter, one character. Default `,`. */
  readonly delimiter?: string;
}

/**
 * A parsed value: a number, a string, or undefined for an empty optional field.
 *
 * @example
 * const v: nn.data.CsvValue = 5.1;
 */
export type CsvValue = number | string | undefined;

/**
 * A row as a record keyed by column name.
 *
 * @example
 * const row: nn.data.CsvRecord = { sepal: 5.1, species: 'setosa' };
 */
export type CsvRecord = Record<string, CsvValue>;

/**
 * A row split into features and labels.
 *
 * @example
 * const row: nn.data.CsvLabeled = { xs: { sepal: 5.1 }, ys: { species: 0 } };
 */
export interface CsvLabeled {
  xs: CsvRecord;
  ys: CsvRecord;
}

/** Per column: 'yes' (a label), 'no', or 'maybe' (`isLabel` is a boolean not known statically). */
type LabelKind<CC> = {
  [K in keyof CC]: 'isLabel' extends keyof CC[K]
    ? CC[K] extends { readonly isLabel: true }
      ? 'yes'
      : CC[K] extends { readonly isLabel?: false | undefined }
        ? 'no'
        : 'maybe'
    : 'no';
}[keyof CC];

/**
 * The element type for a config: `{xs, ys}` when a column has `isLabel: true`, a plain
 * record when none can be a label, either when the config is not known at compile time.
 *
 * @example
 * type E = nn.data.CsvElement<{ columnConfigs: { y: { isLabel: true } } }>; // CsvLabeled
 */
export type CsvElement<C> = C extends { readonly columnConfigs?: infer CC }
  ? 'yes' extends LabelKind<NonNullable<CC>>
    ? CsvLabeled
    : 'maybe' extends LabelKind<NonNullable<CC>>
      ? CsvRecord | CsvLabeled
      : CsvRecord
  : CsvRecord;

/**
 * The config type when none is given (elements are plain records).
 *
 * @example
 * type E = nn.data.CsvElement<nn.data.NoCsvConfig>; // CsvRecord
 */
export interface NoCsvConfig {
  readonly columnConfigs?: undefined;
}

/**
 * A CSV dataset: a Dataset of rows, which can also tell its column names.
 *
 * @example
 * const ds: nn.data.CsvDataset<nn.data.CsvRecord> = nn.data.csv('data.csv');
 * await ds.columnNames();
 */
export class CsvDataset<E = CsvRecord | CsvLabeled> extends Dataset<E> {
  readonly #names: () => Promise<string[]>;

  /** @internal use `nn.data.csv`. */
  constructor(open: () => DatasetIterator<E>, names: () => Promise<string[]>) {
    super(open, null);
    this.#names = names;
  }

  /**
   * The column names: the header's (or `columnNames`), reading only the first row.
   *
   * @example
   * await nn.data.csv('iris.csv').columnNames(); // ['sepal_length', …, 'species']
   */
  columnNames(): Promise<string[]> {
    return this.#names();
  }
}

const CONFIG_KEYS = [
  'hasHeader',
  'columnNames',
  'columnConfigs',
  'configuredColumnsOnly',
  'delimiter',
] as const;
const COLUMN_KEYS = ['isLabel', 'dtype', 'required', 'default'] as const;
const DTYPES: readonly string[] = ['float32', 'int32', 'bool', 'string'];

interface Checked {
  hasHeader: boolean;
  columnNames: readonly string[] | null;
  columnConfigs: Readonly<Record<string, ColumnConfig>>;
  configuredColumnsOnly: boolean;
  delimiter: string;
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(obj).filter((k) => !allowed.includes(k));
}

function checkConfig(config: unknown): Checked {
  const where = 'data.csv';
  if (config === undefined) config = {};
  if (!isPlainObject(config)) {
    throw new ValueError(
      `${where}: the options must be an object such as {columnConfigs: {label: {isLabel: true}}}, received ${describeValue(config)}`,
    );
  }
  const extra = unknownKeys(config, CONFIG_KEYS);
  if (extra.length > 0) {
    throw new ValueError(
      `${where}: unknown option${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}; the options are ${CONFIG_KEYS.join(', ')}`,
    );
  }
  const { columnNames, columnConfigs = {} } = config;
  const delimiter = config.delimiter ?? ',';
  const flag = (name: string, v: unknown, fallback: boolean): boolean => {
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean')
      throw new ValueError(`${where}: ${name} must be true or false, received ${describeValue(v)}`);
    return v;
  };
  const hasHeader = flag('hasHeader', config.hasHeader, true);
  const configuredColumnsOnly = flag('configuredColumnsOnly', config.configuredColumnsOnly, false);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new ValueError(
      `${where}: delimiter must be one character other than a quote or a line break (such as ',', ';' or '\\t'), received ${describeValue(delimiter)}`,
    );
  }
  if (columnNames !== undefined) {
    if (!Array.isArray(columnNames) || !columnNames.every((n) => typeof n === 'string')) {
      throw new ValueError(
        `${where}: columnNames must be an array of strings, received ${describeValue(columnNames)}`,
      );
    }
    checkNames(columnNames, 'columnNames');
  }
  if (!hasHeader && columnNames === undefined) {
    throw new ValueError(
      `${where}: without a header (hasHeader: false) the columns need names: give columnNames, such as ['x1', 'x2', 'label']`,
    );
  }
  if (!isPlainObject(columnConfigs)) {
    throw new ValueError(
      `${where}: columnConfigs must be an object keyed by column name, such as {label: {isLabel: true}}, received ${describeValue(columnConfigs)}`,
    );
  }
  for (const [name, c] of Object.entries(columnConfigs)) {
    if (!isPlainObject(c)) {
      throw new ValueError(
        `${where}: columnConfigs.${name} must be an object such as {dtype: 'int32', isLabel: true}, received ${describeValue(c)}`,
      );
    }
    const bad = unknownKeys(c, COLUMN_KEYS);
    if (bad.length > 0) {
      throw new ValueError(
        `${where}: columnConfigs.${name} has unknown key${bad.length > 1 ? 's' : ''} ${bad.map((k) => `'${k}'`).join(', ')}; a column config may have ${COLUMN_KEYS.join(', ')}`,
      );
    }
    if (c.dtype !== undefined && !DTYPES.includes(c.dtype as string)) {
      throw new ValueError(
        `${where}: columnConfigs.${name}.dtype must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, received ${describeValue(c.dtype)}`,
      );
    }
    for (const k of ['isLabel', 'required'] as const) {
      if (c[k] !== undefined && typeof c[k] !== 'boolean') {
        throw new ValueError(
          `${where}: columnConfigs.${name}.${k} must be true or false, received ${describeValue(c[k])}`,
        );
      }
    }
    if (c.default !== undefined && typeof c.default !== 'number' && typeof c.default !== 'string') {
      throw new ValueError(
        `${where}: columnConfigs.${name}.default must be a number or a string, received ${describeValue(c.default)}`,
      );
    }
  }
  if (configuredColumnsOnly && Object.keys(columnConfigs).length === 0) {
    throw new ValueError(
      `${where}: configuredColumnsOnly keeps only the columns named in columnConfigs, but columnConfigs is empty`,
    );
  }
  return {
    hasHeader,
    columnNames: columnNames ?? null,
    columnConfigs: columnConfigs as Readonly<Record<string, ColumnConfig>>,
    configuredColumnsOnly,
    delimiter,
  };
}

function checkNames(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '') throw new ValueError(`data.csv: ${what}: column ${i + 1} has an empty name`);
    if (seen.has(n)) throw new ValueError(`data.csv: ${what}: column name '${n}' appears twice`);
    seen.add(n);
  });
}

/** How each row is read, fixed once the column names are known. */
interface Plan {
  names: string[];
  columns: { index: number; name: string; config: ColumnConfig | undefined; label: boolean }[];
  labeled: boolean;
}

function makePlan(names: string[], c: Checked, source: string): Plan {
  checkNames(names, `${source}'s header`);
  for (const key of Object.keys(c.columnConfigs)) {
    if (!names.includes(key)) {
      throw new ValueError(
        `data.csv ${source}: columnConfigs names column '${key}', which is not among the columns (${names.join(', ')})`,
      );
    }
  }
  const columns = names
    .map((name, index) => {
      const config = c.columnConfigs[name];
      return { index, name, config, label: config?.isLabel === true };
    })
    .filter((col) => !c.configuredColumnsOnly || col.config !== undefined);
  return { names, columns, labeled: columns.some((col) => col.label) };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(inf|infinity|nan)$/i;
const INTEGER = /^[+-]?\d+$/;

/** `source, row 4 (line 6), column 'age'`: where a value sits, for messages. */
function place(source: string, row: number, line: number, column: string): string {
  return `data.csv ${source}, row ${row}${line !== row ? ` (line ${line})` : ''}, column '${column}'`;
}

function parseValue(raw: string, config: ColumnConfig | undefined, where: () => string): CsvValue {
  const dtype = config?.dtype;
  const text = dtype === 'string' ? raw : raw.trim();
  if (text === '') {
    if (config?.default !== undefined) return config.default;
    if (config?.required || config?.isLabel) {
      throw new ValueError(
        `${where()}: the value is missing, and the column is ${config.isLabel ? 'a label' : 'required'}; give it a default (columnConfigs: {name: {default: 0}}) or fill the field`,
      );
    }
    return undefined;
  }
  switch (dtype) {
    case 'string':
      return raw;
    case 'float32':
      if (NUMBER.test(text)) return Number(text);
      if (SPECIAL.test(text)) {
        const neg = text.startsWith('-');
        return /nan/i.test(text) ? NaN : neg ? -Infinity : Infinity;
      }
      throw new ValueError(`${where()}: '${raw}' is not a number (the column's dtype is float32)`);
    case 'int32': {
      const v = Number(text);
      if (INTEGER.test(text) && v >= -2147483648 && v <= 2147483647) return v;
      throw new ValueError(
        `${where()}: '${raw}' is not ${INTEGER.test(text) ? 'within the int32 range' : 'an integer'} (the column's dtype is int32)`,
      );
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (t === 'true' || t === '1') return 1;
      if (t === 'false' || t === '0') return 0;
      throw new ValueError(
        `${where()}: '${raw}' is not a boolean (true, false, 1 or 0; the column's dtype is bool)`,
      );
    }
    default:
      return NUMBER.test(text) ? Number(text) : raw;
  }
}

function toElement(row: CsvRow, index: number, plan: Plan, source: string): unknown {
  if (row.fields.length !== plan.names.length) {
    throw new ValueError(
      `data.csv ${source}, row ${index}${row.line !== index ? ` (line ${row.line})` : ''}: ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, but there are ${plan.names.length} columns (${plan.names.join(', ')}); a field holding the delimiter or a line break must be quoted`,
    );
  }
  const xs: CsvRecord = {};
  const ys: CsvRecord = {};
  for (const col of plan.columns) {
    const v = parseValue(row.fields[col.index]!, col.config, () =>
      place(source, index, row.line, col.name),
    );
    (col.label ? ys : xs)[col.name] = v;
  }
  return plan.labeled ? { xs, ys } : xs;
}

/** The rows of `source` as they are parsed. */
async function* rows(
  source: CsvSource,
  delimiter: string,
  shown: string,
): AsyncGenerator<CsvRow, void, undefined> {
  const parser = new CsvParser(delimiter, shown);
  const ready: CsvRow[] = [];
  for await (const chunk of csvText(source)) {
    parser.push(chunk, ready);
    // Handed out one by one; the array is reused so a chunk's rows cost no new array.
    for (const r of ready) yield r;
    ready.length = 0;
  }
  parser.end(ready);
  yield* ready;
}

/**
 * A dataset of the rows of a CSV file, read as a stream as the dataset is consumed: from a
 * file path (Node), a `file://` or `http(s)://` URL, a Blob, or CSV text (a string holding
 * a line break). Quoting follows RFC 4180 (quoted fields may hold delimiters, line breaks
 * and doubled quotes); CRLF line ends and a UTF-8 byte order mark are fine. Each element is
 * a record keyed by column name, or `{xs, ys}` when a column has `isLabel`. Without a
 * dtype a value that reads as a number is a number; `bool` columns give 1 and 0. An empty
 * field is the column's `default`, an error for required and label columns, else
 * undefined. A ragged row, a value that does not parse, a missing required value: a
 * ValueError naming the source, the row (the header is row 1) and the column.
 *
 * @example
 * const ds = nn.data.csv('iris.csv', {
 *   columnConfigs: { species: { isLabel: true, dtype: 'int32' } },
 * });
 * for await (const { xs, ys } of ds.take(2)) console.log(xs.sepal_length, ys.species);
 */
export function csv<const C extends CsvConfig = NoCsvConfig>(
  source: CsvSource,
  config?: C,
): CsvDataset<CsvElement<C>> {
  checkCsvSource(source);
  const c = checkConfig(config);
  const shown = describeCsvSource(source);

  const header = async (): Promise<string[]> => {
    if (!c.hasHeader) return [...c.columnNames!];
    for await (const r of rows(source, c.delimiter, shown)) return namesFrom(r);
    throw new ValueError(`data.csv ${shown}: the input is empty; expected a header row`);
  };
  const namesFrom = (r: CsvRow): string[] => {
    const fromFile = r.fields.map((f) => f.trim());
    if (c.columnNames === null) return fromFile;
    if (c.columnNames.length !== fromFile.length) {
      throw new ValueError(
        `data.csv ${shown}: columnNames has ${c.columnNames.length} names but the header row has ${fromFile.length} fields (${fromFile.join(', ')})`,
      );
    }
    return [...c.columnNames];
  };

  async function* open(): DatasetIterator<CsvElement<C>> {
    let plan = c.hasHeader ? null : makePlan([...c.columnNames!], c, shown);
    let index = 0;
    for await (const r of rows(source, c.delimiter, shown)) {
      index++;
      if (plan === null) {
        plan = makePlan(namesFrom(r), c, shown);
        continue;
      }
      yield toElement(r, index, plan, shown) as CsvElement<C>;
    }
    if (plan === null)
      throw new ValueError(`data.csv ${shown}: the input is empty; expected a header row`);
  }
  return new CsvDataset<CsvElement<C>>(open, header);
}
