#!/usr/bin/env node
/** The `neurite` executable. */
import { CommanderError } from 'commander';
import { createProgram } from './program.js';

const program = createProgram({
  log: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code;
  },
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else throw e;
}
