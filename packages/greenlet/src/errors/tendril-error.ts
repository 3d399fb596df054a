/** Set on a class's prototype once its chain of markers is in place. */
const MARKED = Symbol('tendril.error.marked');

/**
 * @internal Put the marker of every class from `cls` up to TendrilError on that class's
 * prototype, once per class: instances inherit the markers instead of each getting its own
 * properties. The constructors of TendrilError and {@link Interrupt} call it.
 */
export function markErrorClass(cls: Function): void {
  if (Object.hasOwn(cls.prototype, MARKED)) return;
  for (let c = cls; c !== Error; c = Object.getPrototypeOf(c)) {
    const marker = (c as typeof TendrilError).marker;
    if (!Object.hasOwn(c.prototype, marker)) {
      Object.defineProperty(c.prototype, marker, { value: true });
    }
  }
  Object.defineProperty(cls.prototype, MARKED, { value: true });
}

/**
 * The base class of every error Tendril throws.
 *
 * Each subclass declares its own `marker` (`Symbol.for('tendril.error.<Name>')`), and every
 * instance carries the markers of its whole class chain, so `isInstance` works even when two
 * copies of a Tendril package are installed side by side (where `instanceof` would fail).
 *
 * @example
 * ```ts
 * import { GreenletExit, TendrilError } from '@tendril/greenlet';
 * const e = new GreenletExit();
 * console.log(TendrilError.isInstance(e), GreenletExit.isInstance(e)); // true true
 * ```
 */
export class TendrilError extends Error {
  /** The registry symbol that marks instances of this class; subclasses declare their own. */
  static readonly marker: symbol = Symbol.for('tendril.error.TendrilError');
  override readonly name: string = 'TendrilError';

  /**
   * @param message - What went wrong and what to do instead.
   * @param options - `cause`: the underlying error, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    markErrorClass(new.target);
  }

  /**
   * Whether `error` is an instance of this class (or a subclass), across package copies.
   *
   * @param error - Any thrown value.
   * @returns `true` when `error` carries this class's marker.
   * @example
   * ```ts
   * try { doSomething(); } catch (e) { if (GreenletExit.isInstance(e)) return; throw e; }
   * ```
   */
  // biome-ignore lint/suspicious/noExplicitAny: any constructor signature, whatever its arguments
  static isInstance<C extends abstract new (...args: any[]) => TendrilError>(
    this: C & { readonly marker: symbol },
    error: unknown,
  ): error is InstanceType<C> {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[this.marker] === true
    );
  }
}
