/**
 * A token handed between async functions: `wait()` parks the holder on a fresh promise,
 * `pass()` resolves it. The async/await analogue of a switch (a promise, its resolver closure
 * and a microtask per hand-off).
 */
export class Baton {
  private resolve: (() => void) | null = null;

  /** @returns A promise that settles at the next `pass()`. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
  }

  /** Wake the waiter, if any (a pass with nobody waiting is dropped). */
  pass(): void {
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.();
  }
}
