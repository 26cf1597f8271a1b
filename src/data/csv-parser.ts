/**
 * An RFC 4180 CSV parser that takes text in chunks of any size, so that a file is parsed as
 * it is read. Fields may be quoted; a quoted field may hold delimiters, line breaks (LF,
 * CRLF or CR) and quotes written twice (`"say ""hi"""`). Lines end in LF, CRLF or CR; a
 * UTF-8 byte order mark at the very start is dropped; blank lines are skipped. A quote
 * inside an unquoted field is kept as it is (common in the wild); text after the closing
 * quote of a quoted field is an error, since no reading of it is safe.
 */
import { ValueError } from '../errors.js';

/** One record: its fields, and the line of the file where it starts (1-based). */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

// Where the parser stands in the current field.
const START = 0; // before its first character
const UNQUOTED = 1;
const QUOTED = 2; // inside quotes
const QUOTE_SEEN = 3; // a quote inside quotes: the end of the field, or the first of two

export class CsvParser {
  readonly #delim: number;
  readonly #source: string;
  #state = START;
  #field = '';
  #fields: string[] = [];
  /** The line the parser is on, and the one the current record began on. */
  #line = 1;
  #recordLine = 1;
  /** A CR ended the last line: a LF right after it belongs to the same line break. */
  #afterCR = false;
  /** The current record has a quoted field (so `""` alone is a record, not a blank line). */
  #quoted = false;
  #quoteLine = 1;
  /** Inside quotes, a CR was the last character (a LF after it ends the same line). */
  #quotedCR = false;
  #atStart = true;

  /** @param source names the input in error messages. */
  constructor(delimiter: string, source: string) {
    this.#delim = delimiter.charCodeAt(0);
    this.#source = source;
  }

  /** Parses `chunk`, appending the records it completes to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    let i = 0;
    const n = chunk.length;
    if (this.#atStart && n > 0) {
      this.#atStart = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    const d = this.#delim;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.#afterCR) {
        this.#afterCR = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      switch (this.#state) {
        case START:
          if (c === QUOTE) {
            this.#state = QUOTED;
            this.#quoted = true;
            this.#quoteLine = this.#line;
            this.#quotedCR = false;
            i++;
          } else if (c === d) {
            this.#fields.push('');
            i++;
          } else if (c === CR || c === LF) {
            // A record ending right after a delimiter has an empty last field; an empty
            // line with no field at all is skipped.
            if (this.#fields.length > 0 || this.#quoted) this.#fields.push('');
            this.#endRecord(out);
            this.#newline(c);
            i++;
          } else {
            this.#state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          // The run up to the next delimiter or line break is copied in one slice.
          let j = i;
          while (j < n) {
            const e = chunk.charCodeAt(j);
            if (e === d || e === CR || e === LF) break;
            j++;
          }
          this.#field += chunk.slice(i, j);
          i = j;
          if (j < n) {
            const e = chunk.charCodeAt(j);
            this.#fields.push(this.#field);
            this.#field = '';
            this.#state = START;
            if (e !== d) {
              this.#endRecord(out);
              this.#newline(e);
            }
            i++;
          }
          break;
        }
        case QUOTED: {
          let j = chunk.indexOf('"', i);
          if (j < 0) j = n;
          this.#countLines(chunk, i, j);
          this.#field += chunk.slice(i, j);
          i = j;
          if (j < n) {
            this.#state = QUOTE_SEEN;
            i++;
          }
          break;
        }
        case QUOTE_SEEN:
          if (c === QUOTE) {
            this.#field += '"';
            this.#state = QUOTED;
            i++;
          } else if (c === d || c === CR || c === LF) {
            this.#fields.push(this.#field);
            this.#field = '';
            this.#state = START;
            if (c !== d) {
              this.#endRecord(out);
              this.#newline(c);
            }
            i++;
          } else {
            throw new ValueError(
              `csv ${this.#source}: line ${this.#line}, field ${this.#fields.length + 1}: unexpected ${JSON.stringify(chunk[i])} after the closing quote of a quoted field; a quote inside a quoted field is written as two quotes ("")`,
            );
          }
          break;
        default:
          throw new Error(`internal: csv parser state ${this.#state}`);
      }
    }
  }

  /** Ends the input, appending the last record (one not followed by a line break). */
  end(out: CsvRow[]): void {
    if (this.#state === QUOTED) {
      throw new ValueError(
        `csv ${this.#source}: line ${this.#quoteLine}, field ${this.#fields.length + 1}: a quoted field is never closed (the input ends inside its quotes)`,
      );
    }
    if (this.#state === START) {
      if (this.#fields.length === 0 && !this.#quoted) return;
      this.#fields.push('');
    } else {
      this.#fields.push(this.#field);
    }
    this.#field = '';
    this.#state = START;
    this.#endRecord(out);
  }

  #endRecord(out: CsvRow[]): void {
    if (this.#fields.length > 0) out.push({ fields: this.#fields, line: this.#recordLine });
    this.#fields = [];
    this.#quoted = false;
  }

  /** A line break `c` outside quotes: the next record starts on the next line. */
  #newline(c: number): void {
    this.#line++;
    this.#recordLine = this.#line;
    this.#afterCR = c === CR;
  }

  /** Counts the line breaks inside a quoted field (they are part of its value). */
  #countLines(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === LF) {
        if (!this.#quotedCR) this.#line++;
        this.#quotedCR = false;
      } else {
        this.#quotedCR = c === CR;
        if (this.#quotedCR) this.#line++;
      }
    }
  }
}
