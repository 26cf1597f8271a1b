/**
 * Reads the points of a CSV file dropped onto the playground: rows `x,y,label`, an optional
 * header, labels 0..7 (or -1/1). Pure. A bad file is refused whole, with messages that name
 * the line, the field, what was expected and what was found (as string keys and values,
 * so the page can say them in either language).
 */
import { LIMITS, type Point } from './state.js';
import { DOMAIN } from './data.js';

/** One problem with the file: a string key of the page and its values. */
export interface CsvProblem {
  key: string;
  vars: Record<string, string | number>;
}

/** The points read, or the problems that stopped the reading. */
export type CsvResult =
  | { ok: true; points: Point[]; scaled: number | null; relabelled: boolean }
  | { ok: false; problems: CsvProblem[] };

/** The largest file read (bytes); a bigger one is refused before parsing. */
export const MAX_CSV_BYTES = 1_000_000;
/** Problems listed at most (the count of the rest is given). */
const MAX_LISTED = 5;

function show(field: string): string {
  return field.length > 20 ? `${field.slice(0, 20)}…` : field;
}

/**
 * Parses CSV text. Points outside [-6, 6]² are scaled (one factor for both axes, kept in
 * `scaled`) to fit the playground's square.
 */
export function parseCsv(text: string): CsvResult {
  if (text.length > MAX_CSV_BYTES) {
    return { ok: false, problems: [{ key: 'csvTooBig', vars: { max: MAX_CSV_BYTES } }] };
  }
  const lines = text.split(/\r?\n/);
  const rows: { line: number; fields: string[] }[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '') rows.push({ line: i + 1, fields: l.split(/[,;\t]/).map((f) => f.trim()) });
  });
  // A first row whose fields are not numbers is a header.
  if (rows[0] && rows[0].fields.some((f) => f === '' || !Number.isFinite(Number(f)))) {
    const f = rows[0].fields;
    if (f.length === 3 && f.every((x) => /^[A-Za-z_][\w ]*$/.test(x))) rows.shift();
  }
  if (rows.length === 0) return { ok: false, problems: [{ key: 'csvEmpty', vars: {} }] };
  if (rows.length > LIMITS.maxPoints) {
    return {
      ok: false,
      problems: [{ key: 'csvTooMany', vars: { rows: rows.length, max: LIMITS.maxPoints } }],
    };
  }
  const problems: CsvProblem[] = [];
  const raw: Point[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== 3) {
      problems.push({ key: 'csvFieldCount', vars: { line, got: fields.length } });
      continue;
    }
    const [xs, ys, ls] = fields as [string, string, string];
    const x = Number(xs);
    const y = Number(ys);
    const label = Number(ls);
    if (xs === '' || !Number.isFinite(x)) {
      problems.push({ key: 'csvNotNumber', vars: { line, field: 'x', got: show(xs) } });
    } else if (ys === '' || !Number.isFinite(y)) {
      problems.push({ key: 'csvNotNumber', vars: { line, field: 'y', got: show(ys) } });
    } else if (
      ls === '' ||
      !Number.isInteger(label) ||
      label < -1 ||
      label >= LIMITS.maxCustomClasses
    ) {
      problems.push({
        key: 'csvBadLabel',
        vars: { line, got: show(ls), max: LIMITS.maxCustomClasses - 1 },
      });
    } else {
      raw.push({ x, y, label });
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED);
    if (problems.length > MAX_LISTED) {
      listed.push({ key: 'csvMoreProblems', vars: { count: problems.length - MAX_LISTED } });
    }
    return { ok: false, problems: listed };
  }
  // Labels -1/1 (a common binary convention) become 0/1; -1 is refused otherwise.
  const labels = new Set(raw.map((p) => p.label));
  const relabelled = labels.has(-1);
  if (relabelled) {
    if ([...labels].some((l) => l !== -1 && l !== 1)) {
      return { ok: false, problems: [{ key: 'csvMixedMinusOne', vars: {} }] };
    }
    raw.forEach((p) => (p.label = p.label === -1 ? 0 : 1));
  }
  if (new Set(raw.map((p) => p.label)).size < 2) {
    return { ok: false, problems: [{ key: 'csvOneClass', vars: {} }] };
  }
  if (raw.length < 4) {
    return { ok: false, problems: [{ key: 'csvTooFew', vars: { rows: raw.length } }] };
  }
  const extent = Math.max(...raw.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))));
  let scaled: number | null = null;
  if (extent > DOMAIN) {
    scaled = (DOMAIN * 0.9) / extent;
    raw.forEach((p) => {
      p.x *= scaled!;
      p.y *= scaled!;
    });
  }
  // Two decimals, as the URL keeps them: the page and a reload of its link see the same points.
  raw.forEach((p) => {
    p.x = Math.round(p.x * 100) / 100;
    p.y = Math.round(p.y * 100) / 100;
  });
  return { ok: true, points: raw, scaled, relabelled };
}
