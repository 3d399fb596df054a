import { getCurrent, type Suspend } from '@tendril/greenlet';
import { HubError } from './errors/hub-error.js';
import type { Greenlet } from './greenlet.js';
import { Timeout } from './timeout.js';
import { beginWait, timeWait, wake } from './wait.js';
import { done, suspend, WaitOp } from './wait-op.js';
import { FAILED, RETURNED } from './wait-state.js';

/** A join's timer callback: one function for every joiner. */
function giveUpJoin(waiter: Greenlet<any>): void {
  wake(waiter, waiter._waitId, false);
}

/**
 * @internal Wait for a greenlet to finish: what `g.join()` (→ whether it finished), `g.get()`
 * (→ its value, or its error rethrown) and `g.kill()` return. The waiter itself goes in the
 * greenlet's links (no closure, no link object) and is woken with the others in registration
 * order.
 */
export class JoinOp<R> extends WaitOp<R> {
  constructor(
    private readonly target: Greenlet<any>,
    private readonly timeout: number | undefined,
    private readonly mode: 'join' | 'get',
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, R> {
    const g = this.target;
    const timeout = this.timeout;
    if (g._phase >= RETURNED) return done(this.outcome(true));
    if (timeout !== undefined && timeout <= 0) return done(this.outcome(false));
    if (getCurrent() === g) throw new HubError(`${g} cannot wait for itself to finish`);
    const waiter = beginWait(this);
    g._addLink(waiter);
    if (timeout !== undefined) timeWait(waiter, timeout, giveUpJoin, waiter);
    return suspend();
  }

  protected resume(waiter: Greenlet<any>, finished: unknown): R {
    this.target._removeLink(waiter);
    return this.outcome(finished as boolean);
  }

  protected abandon(waiter: Greenlet<any>): void {
    this.target._removeLink(waiter);
  }

  /** What a joining greenlet waits on, for run-info: `join(worker)`, `get(worker)`. */
  toString(): string {
    return `${this.mode}(${this.target.name})`;
  }

  private outcome(finished: boolean): R {
    const g = this.target;
    if (!finished) {
      if (this.mode === 'join') return false as R;
      throw new Timeout(this.timeout ?? null);
    }
    if (this.mode === 'join') return true as R;
    if (g._phase === FAILED) {
      g._takeError();
      throw g._payload;
    }
    return g._payload as R;
  }
}
