/**
 * Something a greenlet can wait for with {@link wait}, {@link iwait} and {@link joinAll}
 * (gevent's wait protocol, `rawlink`/`unlink`). The hub's `Greenlet` is linkable, and so are
 * `@tendril/io`'s `Event`, `AsyncResult` and `Semaphore`.
 *
 * The contract: `ready()` says, without blocking, whether waiting on it would return at once;
 * `link(callback)` calls `callback(this)` once the object is ready (from the hub or a plain
 * callback, never synchronously inside `link`; soon after, when it already is), and may call it
 * again each time it becomes ready again; `unlink(callback)` removes every registration of `callback`, and removing one
 * that is not there is fine. Callbacks must not block.
 *
 * @example
 * ```ts
 * import { type Linkable, spawn, wait } from '@tendril/hub';
 * class Flag implements Linkable {
 *   private isSet = false;
 *   private links: ((source: Flag) => void)[] = [];
 *   ready() { return this.isSet; }
 *   link(callback: (source: Flag) => void) { this.links.push(callback); }
 *   unlink(callback: (source: Flag) => void) { this.links = this.links.filter((c) => c !== callback); }
 *   set() { this.isSet = true; for (const c of [...this.links]) c(this); }
 * }
 * const flag = new Flag();
 * setTimeout(() => flag.set(), 10);
 * console.log((await wait([flag])).length); // 1
 * ```
 */
export interface Linkable {
  /** Whether waiting on it would return at once. */
  ready(): boolean;
  /** Call `callback(this)` once it is ready (again each time it becomes ready). */
  link(callback: (source: Linkable) => void): void;
  /** Remove every registration of `callback`. */
  unlink(callback: (source: Linkable) => void): void;
}

/**
 * @internal Whether `value` has the {@link Linkable} methods.
 */
export function isLinkable(value: unknown): value is Linkable {
  const o = value as Partial<Linkable> | null | undefined;
  return (
    typeof o?.ready === 'function' && typeof o.link === 'function' && typeof o.unlink === 'function'
  );
}
