/**
 * TextVectorization's string steps, as Keras 3 runs them with `tf.strings`: standardize
 * (ASCII lowercasing, removal of the 32 ASCII punctuation characters), split (runs of ASCII
 * whitespace, or Unicode code points) and n-grams joined by a space. Pure functions over
 * strings; no tensors.
 */

/** Keras's built-in standardizations (a callable is not supported: it could not be saved). */
export type Standardize = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null;
/** Keras's built-in splits. */
export type Split = 'whitespace' | 'character' | null;

/** Keras's punctuation pattern: every ASCII punctuation character, as Python's string.punctuation. */
const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const ASCII_UPPER = /[A-Z]+/g;
const WHITESPACE = /[ \t\n\v\f\r]+/;

/**
 * Applies a standardization. `lower` changes ASCII letters only, as `tf.strings.lower`
 * does without an encoding (Keras's call): `'É'` stays `'É'`.
 */
export function standardize(text: string, mode: Standardize): string {
  let s = text;
  if (mode === 'lower' || mode === 'lower_and_strip_punctuation') {
    s = s.replace(ASCII_UPPER, (m) => m.toLowerCase());
  }
  if (mode === 'strip_punctuation' || mode === 'lower_and_strip_punctuation') {
    s = s.replace(PUNCTUATION, '');
  }
  return s;
}

/** Splits one string: on runs of whitespace (leading/trailing dropped), or into code points. */
export function split(text: string, mode: 'whitespace' | 'character'): string[] {
  if (mode === 'character') return Array.from(text);
  return text.split(WHITESPACE).filter((t) => t.length > 0);
}

/** Every n-gram of each width in `widths`, widths in order, joined by a space (`tf.strings.ngrams`). */
export function ngrams(tokens: readonly string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const n of widths) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}
