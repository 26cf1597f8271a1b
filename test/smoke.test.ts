import { expect, test } from 'vitest';
import * as nn from 'neurite';

test('the package entry resolves and computes', () => {
  const y = nn
    .tensor([
      [1, 2],
      [3, 4],
    ])
    .matMul(nn.eye(2))
    .relu();
  expect(y.arraySync()).toEqual([
    [1, 2],
    [3, 4],
  ]);
});
