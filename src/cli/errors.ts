/** CLI errors: one clear line and a non-zero exit, a stack trace only with --debug. */
import { NeuriteError } from '../index.js';

/** A mistake the user can fix (bad option, missing folder…). */
export class CliError extends NeuriteError {
  override name = 'CliError';
}

/** Runs a command, turning errors into `neurite: <message>` and exit code 1. */
export async function runCommand(
  fn: () => Promise<void>,
  debug: boolean,
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    err(`neurite: ${message}\n`);
    if (debug && e instanceof Error && e.stack) err(`${e.stack}\n`);
    else if (!(e instanceof NeuriteError)) err('(run with --debug for the stack trace)\n');
    return 1;
  }
}
