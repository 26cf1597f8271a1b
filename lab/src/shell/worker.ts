/**
 * A typed link to a page's Web Worker: messages in and out, waiting for a given reply,
 * and the worker ended when the page is left. Create the worker in the page itself with
 * `new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' })` (Vite
 * finds and bundles it from that exact form), then hand it to {@link workerLink}.
 */

/** What {@link workerLink} returns. */
export interface WorkerLink<In, Out> {
  /** Posts a message (with transferables, e.g. typed arrays' buffers). */
  send(message: In, transfer?: Transferable[]): void;
  /** Calls `handler` for every message from the worker; returns a function that stops it. */
  on(handler: (message: Out) => void): () => void;
  /** The next message that `match` accepts; rejects on a worker error or when aborted. */
  wait<T extends Out>(match: (message: Out) => message is T): Promise<T>;
  wait(match: (message: Out) => boolean): Promise<Out>;
  /** Ends the worker now (also done when the signal aborts). */
  terminate(): void;
}

/**
 * Wraps `worker`: it is terminated when `signal` aborts. An error inside the worker rejects
 * the pending waits and is rethrown on the page (the shell's error box shows it).
 */
export function workerLink<In, Out>(worker: Worker, signal: AbortSignal): WorkerLink<In, Out> {
  const handlers = new Set<(m: Out) => void>();
  const failures = new Set<(e: Error) => void>();
  worker.addEventListener('message', (e: MessageEvent<Out>) => {
    for (const handler of [...handlers]) handler(e.data);
  });
  const fail = (error: Error): void => {
    for (const f of [...failures]) f(error);
    failures.clear();
  };
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    const error = new Error(`the worker failed: ${e.message || 'unknown error'}`);
    const waited = failures.size > 0;
    fail(error);
    if (!waited) reportError(error);
  });
  worker.addEventListener('messageerror', () =>
    fail(new Error('the worker sent a message that could not be read')),
  );
  const terminate = (): void => {
    worker.terminate();
    fail(new DOMException('the page was left', 'AbortError'));
    handlers.clear();
  };
  signal.addEventListener('abort', terminate, { once: true });
  const on = (handler: (m: Out) => void): (() => void) => {
    handlers.add(handler);
    return () => handlers.delete(handler);
  };
  return {
    send: (message, transfer = []) => worker.postMessage(message, transfer),
    on,
    wait: (match: (m: Out) => boolean) =>
      new Promise<Out>((resolve, reject) => {
        if (signal.aborted) return reject(new DOMException('the page was left', 'AbortError'));
        const stop = on((m) => {
          if (!match(m)) return;
          stop();
          failures.delete(reject);
          resolve(m);
        });
        failures.add((e) => {
          stop();
          reject(e);
        });
      }),
    terminate,
  };
}
