import { TendrilError } from '@tendril/greenlet';

/**
 * A get or peek found no item: `getNowait()`/`peekNowait()` (or `{ block: false }`) on an empty
 * queue, or `get()`/`peek()` whose timeout expired first. The message names the queue and what
 * to do instead.
 *
 * @example
 * ```ts
 * import { Queue, QueueEmpty } from '@tendril/io';
 * try { new Queue<number>().getNowait(); }
 * catch (e) { console.log(QueueEmpty.isInstance(e)); } // true
 * ```
 */
export class QueueEmpty extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.QueueEmpty');
  override readonly name: string = 'QueueEmpty';
}
