import type { WorkloadKind } from './harness/protocol.js';
import type { Suite } from './harness/suite.js';

/** A contender. JavaScript variants run `cell.ts` in Node; Python runs `python/cell.py`. */
export interface Variant {
  id: string;
  /** Its name in the results table. */
  label: string;
  runtime: 'node' | 'python';
  /** Workloads the variant cannot express, with the reason printed in the table. */
  unsupported?: Partial<Record<WorkloadKind, string>>;
}

/** In table order. The flat trampoline and Python greenlet are the yardsticks for ratios. */
export const variants: readonly Variant[] = [
  { id: 'tendril', label: '**Tendril**', runtime: 'node' },
  { id: 'flat', label: 'flat trampoline (the limit)', runtime: 'node' },
  { id: 'floor', label: '`yield*` floor (no checks)', runtime: 'node' },
  { id: 'naive', label: 'naive `yield*` switch', runtime: 'node' },
  {
    id: 'async',
    label: 'async/await',
    runtime: 'node',
    unsupported: {
      'create-main': 'an async function cannot finish synchronously',
      'create-inline': 'an async function cannot finish synchronously',
    },
  },
  { id: 'python', label: 'Python greenlet', runtime: 'python' },
];

const loaders: Record<string, () => Promise<{ suite: Suite }>> = {
  tendril: () => import('./variants/tendril.js'),
  flat: () => import('./variants/flat-trampoline.js'),
  floor: () => import('./variants/delegating-floor.js'),
  naive: () => import('./variants/naive-switch.js'),
  async: () => import('./variants/async-await.js'),
};

/**
 * Load one JavaScript variant's workloads (only that one: the others never enter the process).
 *
 * @param id - A variant id with `runtime: 'node'`.
 * @returns Its suite.
 * @throws Error for an unknown id.
 */
export async function loadSuite(id: string): Promise<Suite> {
  const load = loaders[id];
  if (load === undefined) throw new Error(`no JavaScript variant named ${id}`);
  return (await load()).suite;
}
