import { markErrorClass, TendrilError } from './tendril-error.js';

/**
 * The base of the errors that are raised into a greenlet to stop it: {@link GreenletExit} (a
 * kill) and the hub's `Timeout`. An Interrupt is a TendrilError — `instanceof Error`,
 * `isInstance`, `name`, `message`, `cause`, `stack` — made without constructing a native Error,
 * which costs microseconds: greenlets are killed and timeouts started by the thousand, and most
 * timeouts are cancelled, never raised. So its stack has no frames (the stack that matters is the
 * one it is raised into) and `util.types.isNativeError` says false.
 *
 * @example
 * ```ts
 * import { Interrupt, TendrilError } from '@tendril/greenlet';
 * class Shutdown extends Interrupt {
 *   static override readonly marker: symbol = Symbol.for('my-app.Shutdown');
 *   override readonly name: string = 'Shutdown';
 * }
 * const e = new Shutdown('closing');
 * console.log(e instanceof Error, TendrilError.isInstance(e), String(e)); // true true Shutdown: closing
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the TendrilError side, set up below
export class Interrupt {
  /** The registry symbol that marks instances of this class; subclasses declare their own. */
  static readonly marker: symbol = Symbol.for('tendril.error.Interrupt');
  /** Whether `error` is an instance of this class (or a subclass), across package copies. */
  declare static readonly isInstance: typeof TendrilError.isInstance;
  readonly name: string = 'Interrupt';
  message: string;

  /**
   * @param message - What interrupted the greenlet.
   * @param options - `cause`: the underlying error, if any.
   */
  constructor(message = '', options?: ErrorOptions) {
    this.message = message;
    if (options !== undefined && 'cause' in options) this.cause = options.cause;
    markErrorClass(new.target);
  }

  /** `Name: message`: an Interrupt has no stack frames of its own. */
  get stack(): string {
    return this.message === '' ? this.name : `${this.name}: ${this.message}`;
  }

  set stack(stack: string) {
    Object.defineProperty(this, 'stack', { value: stack, writable: true, configurable: true });
  }
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the class
export interface Interrupt extends TendrilError {}
Object.setPrototypeOf(Interrupt, TendrilError);
Object.setPrototypeOf(Interrupt.prototype, TendrilError.prototype);
