/**
 * The import graph of src/ points one way: models never import io, training never imports
 * models' internals back, and so on. Only the ops' gradient rules (src/ops/) may import
 * each other in a circle. scripts/import-cycles.mjs is the same check by hand.
 */
import { expect, test } from 'vitest';
import { disallowed, findCycles } from '../../scripts/import-cycles.mjs';

test('no import cycle outside src/ops/', () => {
  const groups = findCycles();
  expect(disallowed(groups)).toEqual([]);
});

test('the check sees a cycle when there is one (a lazy import counts)', () => {
  // The detector itself: the ops' cycle is real and must be found, or the check is blind.
  const groups = findCycles();
  expect(groups.some((g) => g.includes('src/ops/binary.ts'))).toBe(true);
});
