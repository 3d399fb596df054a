import { AsyncResource, executionAsyncResource } from 'node:async_hooks';
import type { Greenlet as CoreGreenlet, StepRunner } from '@tendril/greenlet';

/**
 * Whether greenlets follow Node's async context (AsyncLocalStorage): `'auto'` (the default) does
 * it for greenlets spawned where an AsyncLocalStorage store is set; `'always'`, `'never'`.
 */
export type AsyncContextMode = 'auto' | 'always' | 'never';

/**
 * How greenlets follow Node's async context. A greenlet that follows it runs every step of its
 * body in the context that was current when it was created, whichever callback resumed it, so
 * request-scoped loggers and tracing built on AsyncLocalStorage work inside greenlets. It costs
 * an AsyncResource per such greenlet and `runInAsyncScope` per resume; greenlets created where
 * no store is set cost nothing extra.
 *
 * @example
 * ```ts
 * import { AsyncLocalStorage } from 'node:async_hooks';
 * import { asyncContext, spawn, sleep } from '@tendril/hub';
 * const requestId = new AsyncLocalStorage<number>();
 * requestId.run(7, () => spawn(function* () { yield* sleep(10); console.log(requestId.getStore()); })); // 7
 * asyncContext.mode = 'never'; // opt out
 * ```
 */
export const asyncContext: { mode: AsyncContextMode } = { mode: 'auto' };

// The last execution resource looked at, and whether it carried a store: greenlets spawned in
// one hub run share it, so the look-up is made once per Node callback, not once per spawn.
let lastResource: object | undefined;
let lastHasStore = false;

/** @internal The AsyncResource a new greenlet should run in, or `null`. */
export function captureAsyncContext(): AsyncResource | null {
  const mode = asyncContext.mode;
  if (mode === 'never') return null;
  if (mode === 'auto') {
    const resource = executionAsyncResource();
    if (resource !== lastResource) {
      lastResource = resource;
      lastHasStore = Object.getOwnPropertySymbols(resource).some(
        (symbol) => symbol.description === 'kResourceStore',
      );
    }
    if (!lastHasStore) return null;
  }
  return new AsyncResource('tendril.Greenlet');
}

/** @internal The step runner of greenlets that follow the async context. */
export const runInAsyncContext: StepRunner = (step, g) =>
  (
    g as CoreGreenlet & { _extras: { asyncResource: AsyncResource } }
  )._extras.asyncResource.runInAsyncScope(step, null, g);
