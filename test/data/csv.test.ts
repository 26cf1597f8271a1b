import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, expectTypeOf, test } from 'vitest';
import * as nn from 'neurite';
import { CsvParser, type CsvRow } from '../../src/data/csv-parser.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(name: string, text: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Parses `text` fed in chunks of `size` characters. */
function parse(text: string, size: number, delimiter = ','): CsvRow[] {
  const p = new CsvParser(delimiter, '(test)');
  const out: CsvRow[] = [];
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size), out);
  p.end(out);
  return out;
}

const TRICKY =
  '\uFEFFname,quote,n\r\n' +
  '"Smith, J.","He said ""hi""",1\r\n' +
  '"multi\r\nline",plain,2\r\n' +
  '\r\n' +
  ',"",3\r\n' +
  'last,"x\ny",4';

describe('the CSV parser', () => {
  test('RFC 4180: quotes, embedded delimiters, line breaks, doubled quotes, CRLF, BOM', () => {
    const expected = [
      { fields: ['name', 'quote', 'n'], line: 1 },
      { fields: ['Smith, J.', 'He said "hi"', '1'], line: 2 },
      { fields: ['multi\r\nline', 'plain', '2'], line: 3 },
      { fields: ['', '', '3'], line: 6 },
      { fields: ['last', 'x\ny', '4'], line: 7 },
    ];
    // Any chunking gives the same records: chunk edges fall inside quotes, on CRLFs, etc.
    for (const size of [1, 2, 3, 5, 7, 1000]) expect(parse(TRICKY, size)).toEqual(expected);
  });

  test('LF, CR-only and missing final line breaks; trailing empty fields; other delimiters', () => {
    expect(parse('a;b\n1;\n', 4, ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(parse('a,b\r1,2\r3,4', 3).map((r) => [r.fields, r.line])).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
      [['3', '4'], 3],
    ]);
    expect(parse('a\tb\n"x\ty"\tz\n', 2, '\t').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x\ty', 'z'],
    ]);
    expect(parse('""\n', 1).map((r) => r.fields)).toEqual([['']]);
  });

  test('malformed quoting is an error naming the line and field', () => {
    expect(() => parse('a,b\n"x"y,2\n', 100)).toThrow(
      /csv \(test\): line 2, field 1: unexpected "y" after the closing quote/,
    );
    expect(() => parse('a,b\n1,"open\n', 3)).toThrow(
      /line 2, field 2: a quoted field is never closed/,
    );
  });
});

describe('data.csv', () => {
  const IRIS = 'sepal,petal,species\n5.1,1.4,0\n4.9,1.5,1\n6.3,2.5,2\n';

  test('from CSV text: records keyed by header, numbers parsed, strings kept', async () => {
    const ds = nn.data.csv('a,b,c\n1,x,2.5e1\n-3,"y, z",.5\n');
    expect(ds.size).toBeNull();
    expect(await ds.columnNames()).toEqual(['a', 'b', 'c']);
    expect(await ds.toArray()).toEqual([
      { a: 1, b: 'x', c: 25 },
      { a: -3, b: 'y, z', c: 0.5 },
    ]);
    // Re-iterable: each pass reads the source again.
    expect((await ds.toArray()).length).toBe(2);
  });

  test('the tricky file from a path, a file:// URL, a URL object and a Blob', async () => {
    const path = tempFile('tricky.csv', TRICKY);
    const want = [
      { name: 'Smith, J.', quote: 'He said "hi"', n: 1 },
      { name: 'multi\r\nline', quote: 'plain', n: 2 },
      { name: undefined, quote: undefined, n: 3 },
      { name: 'last', quote: 'x\ny', n: 4 },
    ];
    expect(await nn.data.csv(path).toArray()).toEqual(want);
    expect(await nn.data.csv(pathToFileURL(path).href).toArray()).toEqual(want);
    expect(await nn.data.csv(pathToFileURL(path)).toArray()).toEqual(want);
    expect(await nn.data.csv(new Blob([TRICKY])).toArray()).toEqual(want);
  });

  test('file:// URLs: relative (as tfjs-node reads them) and absolute', async () => {
    const path = tempFile('rel.csv', 'a,b\n1,2\n');
    const want = [{ a: 1, b: 2 }];
    const rel = relative(process.cwd(), path).split('\\').join('/');
    expect(await nn.data.csv(`file://${rel}`).toArray()).toEqual(want);
    expect(await nn.data.csv(`file://./${rel}`).toArray()).toEqual(want);
    expect(await nn.data.csv(pathToFileURL(path).href).toArray()).toEqual(want); // file:///abs
    if (process.platform !== 'win32') {
      expect(await nn.data.csv(`file://${path}`).toArray()).toEqual(want);
      expect(await nn.data.csv(`file://localhost${path}`).toArray()).toEqual(want);
    }
    await expect(nn.data.csv('file://./no-such-file.csv').toArray()).rejects.toThrow(
      /data\.csv: cannot read 'file:\/\/\.\/no-such-file\.csv': no such file/,
    );
    const bad = nn.data.csv('file:///a%2Fb.csv').toArray();
    await expect(bad).rejects.toThrow(nn.ValueError);
    await expect(bad).rejects.toThrow(/^data\.csv: cannot read 'file:\/\/\/a%2Fb\.csv'/);
  });

  test('over http, streamed', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('x,y\n1,');
      setTimeout(() => res.end('2\n3,4\n'), 5);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await nn.data.csv(`http://127.0.0.1:${port}/data.csv`).toArray()).toEqual([
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ]);
      await expect(
        nn.data.csv(`http://127.0.0.1:${port}/data.csv`, { columnNames: ['a'] }).toArray(),
      ).rejects.toThrow(/columnNames has 1 names but the header row has 2 fields \(x, y\)/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('a large file is read lazily: take(2) stops reading', async () => {
    const rows = ['i,v', ...Array.from({ length: 200_000 }, (_, i) => `${i},${i * 2}`)];
    const path = tempFile('big.csv', rows.join('\n'));
    const t0 = performance.now();
    const first = await nn.data.csv(path).take(2).toArray();
    const took = performance.now() - t0;
    expect(first).toEqual([
      { i: 0, v: 0 },
      { i: 1, v: 2 },
    ]);
    // Parsing the whole 2.6 MB would take far longer than reading one 64 KiB chunk.
    expect(took).toBeLessThan(500);
    let n = 0;
    await nn.data.csv(path).forEachAsync(() => void n++);
    expect(n).toBe(200_000);
  });

  test('columnConfigs: labels into ys, dtypes, defaults, configuredColumnsOnly', async () => {
    const ds = nn.data.csv(IRIS, {
      columnConfigs: { species: { isLabel: true, dtype: 'int32' } },
    });
    const rows = await ds.toArray();
    expectTypeOf(rows[0]!).toEqualTypeOf<nn.data.CsvLabeled>();
    expect(rows[0]).toEqual({ xs: { sepal: 5.1, petal: 1.4 }, ys: { species: 0 } });
    const only = await nn.data
      .csv('a,b,c,flag\n1,,x,TRUE\n2,5,y,0\n', {
        columnConfigs: {
          b: { default: -1 },
          c: { dtype: 'string' },
          flag: { dtype: 'bool' },
        },
        configuredColumnsOnly: true,
      })
      .toArray();
    expectTypeOf(only[0]!).toEqualTypeOf<nn.data.CsvRecord>();
    expect(only).toEqual([
      { b: -1, c: 'x', flag: 1 },
      { b: 5, c: 'y', flag: 0 },
    ]);
  });

  test('without a header: columnNames name the columns; with one, they replace its names', async () => {
    const ds = nn.data.csv('1,2\n3,4\n', { hasHeader: false, columnNames: ['p', 'q'] });
    expect(await ds.toArray()).toEqual([
      { p: 1, q: 2 },
      { p: 3, q: 4 },
    ]);
    expect(await ds.columnNames()).toEqual(['p', 'q']);
    const renamed = nn.data.csv('a,b\n1,2\n', { columnNames: ['x', 'y'] });
    expect(await renamed.toArray()).toEqual([{ x: 1, y: 2 }]);
  });

  test('batched CSV rows feed a model after stacking the features', async () => {
    const ds = nn.data
      .csv(IRIS, { columnConfigs: { species: { isLabel: true, dtype: 'int32' } } })
      .map(({ xs, ys }) => ({ xs: Object.values(xs) as number[], ys: ys.species as number }))
      .batch(2);
    const [b] = await ds.take(1).toArray();
    expect(b!.xs.shape).toEqual([2, 2]);
    expect(b!.ys.arraySync()).toEqual([0, 1]);
    nn.dispose([b!.xs, b!.ys]);
  });
});

describe('data.csv errors name the source, the row and the column', () => {
  test('a ragged row', async () => {
    const path = tempFile('ragged.csv', 'a,b,c\n1,2,3\n4,5\n');
    await expect(nn.data.csv(path).toArray()).rejects.toThrow(
      `data.csv '${path}', row 3: 2 fields, but there are 3 columns (a, b, c); a field holding the delimiter or a line break must be quoted`,
    );
  });

  test('a non-numeric value in a numeric column (with the line when rows span lines)', async () => {
    await expect(
      nn.data.csv('a,b\n1,2\n3,x\n', { columnConfigs: { b: { dtype: 'float32' } } }).toArray(),
    ).rejects.toThrow(
      "data.csv (CSV text), row 3, column 'b': 'x' is not a number (the column's dtype is float32)",
    );
    await expect(
      nn.data
        .csv('s,n\n"two\nlines",1\nok,1.5\n', { columnConfigs: { n: { dtype: 'int32' } } })
        .toArray(),
    ).rejects.toThrow("row 3 (line 4), column 'n': '1.5' is not an integer");
    await expect(
      nn.data.csv('f\nmaybe\n', { columnConfigs: { f: { dtype: 'bool' } } }).toArray(),
    ).rejects.toThrow("row 2, column 'f': 'maybe' is not a boolean");
  });

  test('a missing required value, and a missing label', async () => {
    await expect(
      nn.data.csv('a,b\n1,2\n,3\n', { columnConfigs: { a: { required: true } } }).toArray(),
    ).rejects.toThrow(/row 3, column 'a': the value is missing, and the column is required/);
    await expect(
      nn.data.csv('a,y\n1,\n', { columnConfigs: { y: { isLabel: true } } }).toArray(),
    ).rejects.toThrow(/row 2, column 'y': the value is missing, and the column is a label/);
  });

  test('bad options and sources', async () => {
    expect(() => nn.data.csv('1,2\n', { hasHeader: false })).toThrow(
      /without a header \(hasHeader: false\) the columns need names/,
    );
    expect(() => nn.data.csv('a\n', { delimiter: ';;' })).toThrow(/delimiter must be one character/);
    expect(() =>
      nn.data.csv('a\n', { columnConfigs: { a: { dtype: 'float64' as 'float32' } } }),
    ).toThrow(/columnConfigs.a.dtype must be one of 'float32', 'int32', 'bool', 'string'/);
    expect(() =>
      nn.data.csv('a\n', { columnConfigs: { a: { islabel: true } as nn.data.ColumnConfig } }),
    ).toThrow(/columnConfigs.a has unknown key 'islabel'/);
    expect(() => nn.data.csv(42 as never)).toThrow(
      /the source must be a file path, a URL, a Blob or CSV text, received 42/,
    );
    await expect(
      nn.data.csv('a,b\n1,2\n', { columnConfigs: { c: { isLabel: true } } }).toArray(),
    ).rejects.toThrow(/columnConfigs names column 'c', which is not among the columns \(a, b\)/);
    await expect(nn.data.csv(join(dir, 'nope.csv')).toArray()).rejects.toThrow(
      /data.csv: cannot read '.*nope.csv': no such file/,
    );
    await expect(nn.data.csv('a,a\n1,2\n').toArray()).rejects.toThrow(
      /column name 'a' appears twice/,
    );
  });
});
