import { TendrilError } from '@tendril/greenlet';

/**
 * A put found no room: `putNowait()` (or `put({ block: false })`) on a full queue, or `put()`
 * whose timeout expired first. On a `Channel` "full" means no getter is waiting. The message
 * names the queue and what to do instead.
 *
 * @example
 * ```ts
 * import { Queue, QueueFull } from '@tendril/io';
 * const q = new Queue<number>(1);
 * q.putNowait(1);
 * try { q.putNowait(2); } catch (e) { console.log(QueueFull.isInstance(e)); } // true
 * ```
 */
export class QueueFull extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.QueueFull');
  override readonly name: string = 'QueueFull';
}
