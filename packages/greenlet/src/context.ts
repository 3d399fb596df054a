import { current } from './trampoline.js';

/**
 * A set of {@link ContextVar} values: the greenlet-local context (Python's `contextvars.Context`,
 * greenlet's `gr_context`). Each greenlet has one, empty when it is created; values set in one
 * greenlet are invisible to others unless they share the Context object (`g.context = other`)
 * or were given a copy (`g.context = copyContext()`).
 *
 * @example
 * ```ts
 * import { Context, ContextVar } from '@tendril/greenlet';
 * const user = new ContextVar<string>('user');
 * const ctx = new Context();
 * ctx.run(() => user.set('ada'));
 * console.log(ctx.get(user), user.get()); // ada undefined
 * ```
 */
export class Context {
  /** @internal */ readonly _values: Map<ContextVar<unknown>, unknown>;

  /** @param entries - Initial values; a new context is empty. */
  constructor(entries?: Iterable<readonly [ContextVar<any>, unknown]>) {
    this._values = new Map(entries);
  }

  /**
   * The value of `variable` in this context.
   *
   * @param variable - The variable to read.
   * @returns Its value here, else its default, else `undefined`.
   */
  get<T>(variable: ContextVar<T>): T | undefined {
    return this._values.has(variable) ? (this._values.get(variable) as T) : variable.defaultValue;
  }

  /** Whether `variable` has been set in this context. */
  has(variable: ContextVar<any>): boolean {
    return this._values.has(variable);
  }

  /** How many variables are set in this context. */
  get size(): number {
    return this._values.size;
  }

  /** The variables set in this context with their values. */
  entries(): IterableIterator<[ContextVar<unknown>, unknown]> {
    return this._values.entries();
  }

  /** A new context with the same values; later changes to either are not seen by the other. */
  copy(): Context {
    return new Context(this._values);
  }

  /**
   * Call `fn` with this as the current greenlet's context, then restore the previous one.
   *
   * @param fn - A plain function; what it sets with {@link ContextVar.set} lands in this context.
   * @returns What `fn` returns.
   */
  run<R>(fn: () => R): R {
    const extras = current._extrasNow();
    const previous = extras.context;
    extras.context = this;
    try {
      return fn();
    } finally {
      extras.context = previous;
    }
  }
}

/** What {@link ContextVar.set} returns: pass it to {@link ContextVar.reset} to undo that set. */
export class ContextToken<T> {
  /** @internal */ _used = false;

  /** @internal */
  constructor(
    readonly variable: ContextVar<T>,
    /** The context the set happened in. */
    readonly context: Context,
    /** Whether the variable had a value in that context before the set. */
    readonly hadValue: boolean,
    readonly oldValue: T | undefined,
  ) {}
}

/**
 * A variable whose value depends on the running greenlet's context (Python's `ContextVar`):
 * request-scoped values that follow a greenlet across switches.
 *
 * @example
 * ```ts
 * import { ContextVar, Greenlet } from '@tendril/greenlet';
 * const requestId = new ContextVar<number>('requestId', { default: 0 });
 * requestId.set(1);
 * const g = new Greenlet(function* () { return requestId.get(); });
 * console.log(g.switch().value, requestId.get()); // 0 1 (a new greenlet starts empty)
 * ```
 */
export class ContextVar<T> {
  /** The value `get()` returns where the variable is not set. */
  readonly defaultValue: T | undefined;

  /**
   * @param name - A name for messages and debugging.
   * @param options - `default`: the value where the variable is not set.
   */
  constructor(
    readonly name: string,
    options?: { default?: T },
  ) {
    this.defaultValue = options?.default;
  }

  /**
   * The variable's value in the current greenlet's context.
   *
   * @param fallback - Returned when the variable is not set (instead of its default).
   * @returns The value, else `fallback`, else the default, else `undefined`.
   */
  get(): T | undefined;
  get(fallback: T): T;
  get(fallback?: T): T | undefined {
    const values = current._extras?.context?._values;
    if (values?.has(this)) return values.get(this) as T;
    return arguments.length > 0 ? fallback : this.defaultValue;
  }

  /**
   * Set the variable in the current greenlet's context.
   *
   * @param value - The new value.
   * @returns A token that {@link ContextVar.reset} takes to restore the previous value.
   */
  set(value: T): ContextToken<T> {
    const context = current.context;
    const values = context._values;
    const token = new ContextToken(this, context, values.has(this), values.get(this) as T);
    values.set(this, value);
    return token;
  }

  /**
   * Undo the `set` that returned `token`, in the context it was made in.
   *
   * @param token - What {@link ContextVar.set} returned.
   * @throws TypeError when the token belongs to another variable.
   * @throws Error when the token was used already, or the current context is not the one the
   *   token was made in.
   */
  reset(token: ContextToken<T>): void {
    if (token.variable !== this) {
      throw new TypeError(
        `this token was made by ContextVar ${token.variable.name}, not ${this.name}`,
      );
    }
    if (token._used) throw new Error(`ContextVar ${this.name}: this token was already used`);
    if (current._extras?.context !== token.context) {
      throw new Error(`ContextVar ${this.name}: the token was made in a different context`);
    }
    token._used = true;
    if (token.hadValue) token.context._values.set(this, token.oldValue);
    else token.context._values.delete(this);
  }

  /** `ContextVar(name)`. */
  toString(): string {
    return `ContextVar(${this.name})`;
  }
}

/**
 * A copy of the current greenlet's context (Python's `contextvars.copy_context()`).
 *
 * @returns A new context with the current values.
 * @example
 * ```ts
 * import { ContextVar, Greenlet, copyContext } from '@tendril/greenlet';
 * const user = new ContextVar<string>('user');
 * user.set('ada');
 * const g = new Greenlet(function* () { return user.get(); });
 * g.context = copyContext();
 * console.log(g.switch().value); // ada
 * ```
 */
export function copyContext(): Context {
  return current._extras?.context?.copy() ?? new Context();
}
