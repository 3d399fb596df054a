import type { Greenlet as CoreGreenlet } from '@tendril/greenlet';

/** Receives errors nobody else will see: from greenlets nobody joins or links, from links. */
export type ErrorHandler = (error: unknown, greenlet: CoreGreenlet | undefined) => void;
/**
 * Receives a report that the hub was blocked: a greenlet ran `ms` milliseconds without
 * switching. The hub reads the clock every 16 resumes, so the first report may not know which
 * of the greenlets resumed since the last read it was: then `greenlet` is `undefined` and
 * `suspects` lists them (from then on the hub reads the clock after every resume, so the next
 * report names the greenlet; then every 16 again). `suspects` always holds at least the culprit.
 */
export type BlockingHandler = (
  greenlet: CoreGreenlet | undefined,
  ms: number,
  suspects: readonly CoreGreenlet[],
) => void;

const defaultErrorHandler: ErrorHandler = (error, greenlet) => {
  const where = greenlet === undefined ? 'the hub' : String(greenlet);
  const site = spawnSiteOf(greenlet);
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  process.stderr.write(`${where} failed${site ? `\n  spawned ${site}` : ''}\n${stack}\n`);
};

const defaultBlockingHandler: BlockingHandler = (greenlet, ms, suspects) => {
  const who = greenlet === undefined ? `One of ${describeSuspects(suspects)}` : String(greenlet);
  process.stderr.write(
    `${who} ran ${ms.toFixed(1)} ms without switching: it blocked the hub ` +
      '(move CPU-heavy work to a worker, or add `yield* sleep(0)` in long loops)\n',
  );
};

let errorHandler = defaultErrorHandler;
let blockingHandler = defaultBlockingHandler;

/**
 * Replace the handler of errors that would otherwise be lost (gevent's `hub.handle_error`):
 * an error in a greenlet with no links, an error thrown by a link or hub callback.
 * The default prints the greenlet, where it was spawned and the stack to stderr.
 *
 * @param handler - The new handler, or `null` for the default.
 * @returns The previous handler.
 * @example
 * ```ts
 * import { setErrorHandler, spawn } from '@tendril/hub';
 * const seen: unknown[] = [];
 * setErrorHandler((error) => seen.push(error));
 * spawn(function* () { throw new Error('boom'); });
 * ```
 */
export function setErrorHandler(handler: ErrorHandler | null): ErrorHandler {
  const previous = errorHandler;
  errorHandler = handler ?? defaultErrorHandler;
  return previous;
}

/**
 * Replace the handler of blocking reports (a greenlet that ran longer than
 * `getHub().blockingThreshold` ms without switching). The default prints to stderr.
 *
 * @param handler - The new handler, or `null` for the default.
 * @returns The previous handler.
 * @example
 * ```ts
 * import { getHub, setBlockingHandler } from '@tendril/hub';
 * getHub().blockingThreshold = 50;
 * setBlockingHandler((g, ms, suspects) => console.warn(`${g ?? suspects.join(' or ')} blocked for ${ms} ms`));
 * ```
 */
export function setBlockingHandler(handler: BlockingHandler | null): BlockingHandler {
  const previous = blockingHandler;
  blockingHandler = handler ?? defaultBlockingHandler;
  return previous;
}

/** @internal */
export function reportError(error: unknown, greenlet: CoreGreenlet | undefined): void {
  try {
    errorHandler(error, greenlet);
  } catch (handlerError) {
    defaultErrorHandler(handlerError, undefined);
    defaultErrorHandler(error, greenlet);
  }
}

/** @internal */
export function reportBlocking(
  greenlet: CoreGreenlet | undefined,
  ms: number,
  suspects: readonly CoreGreenlet[],
): void {
  try {
    blockingHandler(greenlet, ms, suspects);
  } catch (handlerError) {
    reportError(handlerError, undefined);
  }
}

function spawnSiteOf(greenlet: CoreGreenlet | undefined): string | undefined {
  return (greenlet as { spawnSite?: string } | undefined)?.spawnSite;
}

/** `3 greenlets: "worker" ×2, "main"`: the names of the suspects of a blocking report. */
function describeSuspects(suspects: readonly CoreGreenlet[]): string {
  const counts = new Map<string, number>();
  for (const g of suspects) {
    const name = (g as { name?: string }).name ?? String(g);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const names = [...counts].map(([name, n]) => (n > 1 ? `"${name}" ×${n}` : `"${name}"`));
  return `${suspects.length} greenlets: ${names.join(', ')}`;
}
