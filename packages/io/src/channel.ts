import { RingQueue } from '@tendril/hub';
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
}
