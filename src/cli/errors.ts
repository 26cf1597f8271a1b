/** CLI errors: one clear line and a non-zero exit, a stack trace only with --debug. */
import { NeuriteError } from '../index.js';

/** A mistake the user can fix (bad option, missing folder…). */
export class CliError extends NeuriteError {
  override name = 'CliError';
  /** The process exit code this error ends with. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The exit code of a process stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Training or loading stopped by Ctrl-C: the message says what was kept. Exit code 130. */
export class CliInterrupted extends CliError {
  override name = 'CliInterrupted';
  constructor(message: string) {
    super(message, EXIT_INTERRUPTED);
  }
}

/** Runs a command, turning errors into `neurite: <message>` and exit code 1 (130 on Ctrl-C). */
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
    return e instanceof CliError ? e.exitCode : 1;
  }
}
