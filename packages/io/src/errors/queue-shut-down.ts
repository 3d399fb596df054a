import { TendrilError } from '@tendril/greenlet';

/**
 * The queue was shut down (Python 3.13's `queue.ShutDown`): every put raises it, and so does a
 * get or peek once no item is left (at once after `shutdown(true)`). Greenlets blocked in a
 * put, get or peek when the queue shuts down raise it too. Consuming loops treat it as the end:
 * `forEach` and `for await` stop on it.
 *
 * @example
 * ```ts
 * import { Queue, QueueShutDown } from '@tendril/io';
 * const q = new Queue<number>();
 * q.shutdown();
 * try { q.putNowait(1); } catch (e) { console.log(QueueShutDown.isInstance(e)); } // true
 * ```
 */
export class QueueShutDown extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.QueueShutDown');
  override readonly name: string = 'QueueShutDown';
}
