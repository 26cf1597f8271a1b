import { expect, test } from 'vitest';
import { importOptional, MissingPackageError } from '../../src/plots/optional-module.js';

test('a missing optional package is named, with the command that installs it', async () => {
  const name = 'neurite-test-no-such-package';
  const err = await importOptional(
    () => import(/* @vite-ignore */ name) as Promise<unknown>,
    name,
    'PNG output',
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MissingPackageError);
  expect(String(err)).toContain(`PNG output needs the optional package '${name}'`);
  expect(String(err)).toContain(`npm install ${name}`);
});

test('other failures of a present package are not disguised as a missing one', async () => {
  const boom = new Error('boom');
  await expect(importOptional(() => Promise.reject(boom), 'vega', 'x')).rejects.toBe(boom);
});
