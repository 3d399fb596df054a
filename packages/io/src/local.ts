import { type Greenlet as CoreGreenlet, getCurrent } from '@tendril/greenlet';
import { Greenlet } from '@tendril/hub';

/**
 * Each greenlet's values, one weak map per greenlet keyed by the Local: a greenlet's values go
 * when it dies (hub greenlets) or is collected, and a Local's go when it is collected, even
 * while the greenlets that used it still run.
 */
const valuesOf = new WeakMap<CoreGreenlet, WeakMap<object, unknown>>();

/** How many greenlets have been given their values map so far: see {@link _resetLocals}. */
let made = 0;

const forget = (g: Greenlet<unknown>): void => {
  valuesOf.delete(g);
};

function valuesHere(create: boolean): WeakMap<object, unknown> | undefined {
  const g = getCurrent();
  let values = valuesOf.get(g);
  if (values === undefined && create) {
    values = new WeakMap();
    valuesOf.set(g, values);
    made++;
    // Bookkeeping, not watching: the greenlet's error is still reported.
    if (g instanceof Greenlet) g.link(forget, { watching: false });
  }
  return values;
}

/**
 * @internal Drop the current greenlet's values of every `Local`, so that its next reads start
 * over with `init`: a worker greenlet that runs one item after another (`map`) calls it between
 * items. O(1), and one comparison when no greenlet has made values since the last call.
 *
 * @param since - What the last call returned (-1 the first time).
 * @returns What to pass to the next call.
 */
export function _resetLocals(since: number): number {
  if (made !== since) {
    const g = getCurrent();
    if (valuesOf.delete(g) && g instanceof Greenlet) g.unlink(forget);
  }
  return made;
}

/**
 * A value per greenlet (gevent's `local`, Python's `threading.local`): each greenlet — and
 * plain code, which is the main greenlet — sees its own. A greenlet's value is made by `init`
 * the first time it reads it, and dropped when the greenlet dies.
 *
 * Why not a `ContextVar`: a context can be shared or copied into another greenlet on purpose,
 * and a local must never be; and a context keeps its variables alive, where a local no longer
 * used is collected even while the greenlets that used it run on. Use a `ContextVar` for
 * values that should follow work across greenlets (a request id), a `Local` for per-greenlet
 * state (a connection, a buffer). For an object of fields, {@link local} reads nicer.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Local } from '@tendril/io';
 * const hits = new Local(() => 0);
 * hits.set(hits.get() + 1);
 * const g = spawn(function* () { hits.set(hits.get() + 10); return hits.get(); });
 * console.log(await g, hits.get()); // 10 1
 * ```
 */
export class Local<T> {
  private readonly init: (() => T) | undefined;

  /**
   * @param init - Makes a greenlet's first value; required unless `T` admits `undefined`
   *   (`new Local<string | undefined>()`).
   */
  constructor(...[init]: undefined extends T ? [init?: () => T] : [init: () => T]) {
    if (init !== undefined && typeof init !== 'function') {
      throw new TypeError(`Local takes a function that makes the first value, not ${typeof init}`);
    }
    this.init = init;
  }

  /** The current greenlet's value (made by `init` on its first read). */
  get(): T {
    const values = valuesHere(this.init !== undefined) as WeakMap<Local<T>, T> | undefined;
    if (values?.has(this)) return values.get(this) as T;
    if (values === undefined || this.init === undefined) return undefined as T;
    const value = this.init();
    values.set(this, value);
    return value;
  }

  /** Set the current greenlet's value. */
  set(value: T): void {
    (valuesHere(true) as WeakMap<Local<T>, T>).set(this, value);
  }

  /** Whether the current greenlet has a value (read or set). */
  has(): boolean {
    return valuesHere(false)?.has(this) ?? false;
  }

  /**
   * Drop the current greenlet's value: its next read starts over with `init`.
   *
   * @returns Whether there was one.
   */
  delete(): boolean {
    return valuesHere(false)?.delete(this) ?? false;
  }
}

/**
 * An object whose fields are per greenlet (gevent's `local()`): `req.user = 'ada'` in one
 * greenlet is not seen by another. `init` makes each greenlet's object the first time it
 * touches it — gevent's `local` subclass with an `__init__` — so it can give defaults, and
 * methods and getters, which run with `this` the proxy (so they see the current greenlet's
 * fields; `#private` fields cannot work through a proxy: use a {@link Local} for such a class).
 * Without `init` each greenlet starts empty. Spreading (`{ ...req }`) copies the current
 * greenlet's fields.
 *
 * @param init - Makes a greenlet's object.
 * @returns A proxy typed as the object.
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { local } from '@tendril/io';
 * const req = local(() => ({ user: 'anonymous', hits: 0 }));
 * req.user = 'ada';
 * const g = spawn(function* () { req.hits++; return `${req.user} ${req.hits}`; });
 * console.log(await g, req.user, req.hits); // anonymous 1 ada 0
 * const bag = local<{ id: number }>(); // no init: each greenlet starts with {}
 * bag.id = 7;
 * ```
 */
export function local<T extends object>(init: () => T): T;
export function local<T extends object = Record<string, unknown>>(): Partial<T>;
export function local<T extends object>(init: () => T = () => ({}) as T): T {
  const store = new Local<T>(init);
  const here = (): T => store.get();
  return new Proxy({} as T, {
    get: (_, key, receiver) => Reflect.get(here(), key, receiver),
    set: (_, key, value, receiver) => Reflect.set(here(), key, value, receiver),
    has: (_, key) => Reflect.has(here(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(here(), key),
    ownKeys: () => Reflect.ownKeys(here()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(here(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(here(), key, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(here()),
  });
}
