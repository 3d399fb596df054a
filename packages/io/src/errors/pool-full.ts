import { TendrilError } from '@tendril/greenlet';

/**
 * A {@link Pool} had no free slot: `addNowait` found it full, or `add`/`start` gave up after
 * their `timeout`. Wait for a slot instead (`yield* pool.add(g)` without a timeout), or check
 * `pool.full()` first.
 *
 * @example
 * ```ts
 * import { Greenlet, sleep } from '@tendril/hub';
 * import { Pool, PoolFull } from '@tendril/io';
 * const pool = new Pool(0);
 * try { pool.addNowait(new Greenlet(function* () { yield* sleep(10); })); }
 * catch (e) { console.log(PoolFull.isInstance(e)); } // true
 * ```
 */
export class PoolFull extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.PoolFull');
  override readonly name: string = 'PoolFull';
}
