import type { Suspend } from '@tendril/greenlet';
import { beginWait, interrupt, park, RingQueue, wake } from '@tendril/hub';
import { QueueBase } from './queue-base.js';
import type { ItemStore } from './queue-handoff.js';

/**
 * A rendezvous between greenlets (gevent's `Channel`, an unbuffered channel): it holds no
 * items. `put` returns only once a getter has the item: it waits for a getter if none waits,
 * and when one does, hands it the item and lets it run before returning. `get` waits for a
 * putter. So `maxsize` is 0, `qsize()` is 0, and `full()` means no getter waits.
 *
 * Everything else is as for every queue (see {@link QueueBase}): timeouts, `...Nowait`,
 * `peek` (the first waiting putter's item), `shutdown`, `forEach` and `for await`.
 *
 * A getter killed after it was handed an item but before it ran passes the item on to the
 * next getter; the channel keeps it until one comes.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Channel } from '@tendril/io';
 * const ch = new Channel<string>();
 * spawn(function* () { console.log('got', yield* ch.get()); });
 * await ch.put('ping'); // returns once the getter has it
 * ```
 */
export class Channel<T> extends QueueBase<T> {
  protected readonly store: ItemStore<T> = new RingQueue<T>();

  constructor() {
    super(0);
  }

  protected override *putOp(
    item: T,
    patience: number | undefined,
  ): Generator<Suspend, void, unknown> {
    if (this.isShutDown || !this.hasWaitingGetter()) return yield* super.putOp(item, patience);
    // Hand the item over, then yield once so that the getter (woken first) runs before this
    // put returns, as gevent's Channel does. beginWait comes first: an interrupt already
    // pending raises there, before anything has happened.
    const self = beginWait(`${this.kind}.put()`);
    this.accept(item);
    wake(self, self.waitId, undefined);
    try {
      yield* park();
    } catch (error) {
      interrupt(self, error); // the put has happened: raise it at the next wait instead
    }
  }
}
