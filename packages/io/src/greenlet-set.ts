import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { Blocking, Greenlet, joinAll, type SpawnBody, withTimeout } from '@tendril/hub';
import { GroupMapping } from './group-mapping.js';
import { BoundedSemaphore } from './semaphore.js';
import { WaitList } from './wait-list.js';

/** Options of {@link GreenletSet.join}. */
export interface GroupJoinOptions {
  /** Give up after this many ms (the result is then `false`). */
  timeout?: number;
  /**
   * Raise the error of the first of the current members to fail while the join waits, as soon
   * as it fails (gevent raises it only once the group is empty).
   */
  raiseError?: boolean;
}

/** Options of {@link GreenletSet.kill} and {@link GreenletSet.killOne}. */
export interface GroupKillOptions {
  /** What to raise in each greenlet; a new GreenletExit for each by default. */
  error?: Error;
  /** Whether the result waits until they are dead (default true). */
  block?: boolean;
  /** With `block`, stop waiting after this many ms (the result is then `false`). */
  timeout?: number;
}

/**
 * What {@link Group} and {@link Pool} share (gevent's `Group`): a set of running greenlets that
 * leave it when they finish, can be joined and killed together, and can run work for you
 * (`apply`, `map`, `imap`, `imapUnordered`) — within the pool's size, if it has one. Accept a
 * `GreenletSet` where either will do.
 *
 * Tracking a greenlet does not take charge of its error: a member that fails and that nobody
 * joins is reported by the hub like any other greenlet.
 *
 * @example
 * ```ts
 * import { type GreenletSet, Group, Pool } from '@tendril/io';
 * const load = (set: GreenletSet) => `${set.length} running, ${set.freeCount()} free`;
 * console.log(load(new Group()), load(new Pool(4))); // 0 running, Infinity free 0 running, 4 free
 * ```
 */
export abstract class GreenletSet extends GroupMapping implements Iterable<Greenlet<unknown>> {
  private readonly slots: BoundedSemaphore | null;
  private readonly members = new Set<Greenlet<unknown>>();
  private readonly dying = new Set<Greenlet<unknown>>();
  private readonly emptied = new WaitList();

  /** @param size - How many members at most; `null`: no bound. */
  protected constructor(size: number | null) {
    super();
    this.slots = size === null ? null : new BoundedSemaphore(size);
  }

  /** How many greenlets are in the set. */
  get length(): number {
    return this.members.size;
  }

  /** Whether `greenlet` is in the set. */
  override has(greenlet: Greenlet<unknown>): boolean {
    return this.members.has(greenlet);
  }

  /** The members, in the order they were added. */
  [Symbol.iterator](): IterableIterator<Greenlet<unknown>> {
    return this.members.values();
  }

  /**
   * Stop tracking `greenlet` (a pool slot it held is freed). It goes on running.
   *
   * @param greenlet - A member; anything else is ignored.
   */
  discard(greenlet: Greenlet<unknown>): void {
    if (!this.members.delete(greenlet)) return;
    greenlet.unlink(this.onMemberDone);
    if (this.dying.size > 0) this.dying.delete(greenlet);
    this.slots?.release();
    if (this.members.size === 0) this.emptied.wakeAll();
  }

  /** How many more greenlets fit now (`Infinity` without a bound). */
  freeCount(): number {
    return this.slots === null ? Number.POSITIVE_INFINITY : this.slots.counter;
  }

  /** Whether a new greenlet would have to wait for a slot. */
  full(): boolean {
    return this.freeCount() === 0;
  }

  /**
   * Wait until a slot is free, without taking it. Waiters are served in turn with those
   * waiting to spawn, so by the time you spawn, one of them may have taken it.
   *
   * @param options - `timeout` (ms).
   * @returns How many slots were free (0 when it timed out; `Infinity` without a bound).
   */
  waitAvailable(options: { timeout?: number } = {}): Blocking<number> {
    return new Blocking(() => this.freeSlots(options.timeout));
  }

  /** `waitAvailable`'s waiting: in line with the spawners, then give the slot back at once. */
  private *freeSlots(timeout: number | undefined): Generator<Suspend, number, unknown> {
    const { slots } = this;
    if (slots === null) return Number.POSITIVE_INFINITY;
    if (!(yield* slots.acquire({ timeout }))) return slots.counter;
    const free = slots.counter + 1;
    slots.release();
    return free;
  }

  /**
   * Wait until the set is empty — at least once: by the time the caller runs again, new
   * members may have joined.
   *
   * @param options - `timeout` (ms), `raiseError`.
   * @returns Whether it became empty: `yield* group.join()` / `await group.join()`.
   * @throws the first member's error, with `raiseError`.
   */
  join(options: GroupJoinOptions = {}): Blocking<boolean> {
    const { timeout, raiseError = false } = options;
    return this.untilEmpty(timeout, () => this.joinMembers(raiseError));
  }

  /** `join`'s waiting: until the set is empty (the first error raised, with `raiseError`). */
  private *joinMembers(raiseError: boolean): Generator<Suspend, void, unknown> {
    if (raiseError) yield* joinAll(this.members, { raiseError });
    while (this.members.size > 0) yield* this.emptied.wait(`${this}.join()`);
  }

  /**
   * Kill every member (gevent's `Group.kill`): the kills happen at the call, each greenlet
   * once (one that survives its kill is not shot again); the result waits until the set is
   * empty, killing members that join meanwhile. A member calling this is killed last.
   *
   * @param options - `error`, `block` (default true), `timeout` (ms).
   * @returns Whether the set is empty: `yield* group.kill()` / `await group.kill()`.
   */
  kill(options: GroupKillOptions = {}): Blocking<boolean> {
    const { error, block = true, timeout } = options;
    checkError(error);
    this.killMembers(error);
    return this.untilEmpty(block ? timeout : 0, () => this.killUntilEmpty(error));
  }

  /** `kill`'s waiting: until the set is empty, killing the members that join meanwhile. */
  private *killUntilEmpty(error: Error | undefined): Generator<Suspend, void, unknown> {
    while (this.members.size > 0) {
      this.killMembers(error);
      yield* this.emptied.wait(`${this}.kill()`);
    }
  }

  /**
   * Kill one member, once, like {@link GreenletSet.kill}: a greenlet that is not a member, or
   * that the set already killed, is left alone (and not waited for).
   *
   * @param greenlet - The member to kill.
   * @param options - `error`, `block` (default true), `timeout` (ms).
   * @returns Whether it is dead: `yield* group.killOne(g)` / `await group.killOne(g)`.
   */
  killOne(greenlet: Greenlet<unknown>, options: GroupKillOptions = {}): Blocking<boolean> {
    const { error, block = true, timeout } = options;
    checkError(error);
    if (this.members.has(greenlet) && !this.dying.has(greenlet)) {
      this.dying.add(greenlet);
      const killed = greenlet.kill(error ?? new GreenletExit(), { timeout });
      if (block) return killed;
    }
    return new Blocking(() => isReady(greenlet));
  }

  /** `Pool(2/4)` (members/size), `Group(2)`. */
  toString(): string {
    const size = this.slots === null ? '' : `/${this.slots.initialValue}`;
    return `${this.constructor.name}(${this.members.size}${size})`;
  }

  /**
   * @internal Add `greenlet` once a slot is free (a member already is one: nothing happens).
   * @param caller - The method, for errors and run-info.
   * @returns Whether it is a member (false: no slot within `timeout` ms).
   */
  protected *admit(
    greenlet: Greenlet<unknown>,
    caller: string,
    timeout?: number,
  ): Generator<Suspend, boolean, unknown> {
    if (this.admitNow(greenlet, caller)) return true;
    if (!(yield* (this.slots as BoundedSemaphore).acquire({ timeout }))) return false;
    this.enlist(greenlet);
    return true;
  }

  /**
   * @internal Add `greenlet` if a slot is free now (a member already is one).
   * @returns Whether it is a member.
   */
  protected admitNow(greenlet: Greenlet<unknown>, caller: string): boolean {
    if (!(greenlet instanceof Greenlet)) {
      throw new TypeError(`${caller}(): ${String(greenlet)} is not a greenlet of @tendril/hub`);
    }
    if (this.members.has(greenlet)) return true;
    if (this.slots !== null && !this.slots.acquire({ blocking: false })) return false;
    this.enlist(greenlet);
    return true;
  }

  /** @internal Create a member running `fn(...args)` once a slot is free, and start it. */
  override *_spawnIn<T, A extends unknown[]>(
    fn: SpawnBody<T, A>,
    args: A,
  ): Generator<Suspend, Greenlet<T, A>, unknown> {
    const now = this._spawnNow(fn, args);
    if (now !== null) return now;
    const g = new Greenlet(fn, ...args);
    yield* this.admit(g, 'spawn');
    return g.start();
  }

  /** @internal Create and start a member running `fn(...args)` if a slot is free now. */
  override _spawnNow<T, A extends unknown[]>(fn: SpawnBody<T, A>, args: A): Greenlet<T, A> | null {
    if (this.slots !== null && !this.slots._take()) return null;
    const g = new Greenlet(fn, ...args);
    this.members.add(g);
    g.link(this.onMemberDone, NOT_WATCHING);
    return g.start();
  }

  private readonly onMemberDone = (greenlet: Greenlet<unknown>): void => {
    this.discard(greenlet);
  };

  /** Track `greenlet`, whose slot is taken (and given back if it joined meanwhile). */
  private enlist(greenlet: Greenlet<unknown>): void {
    if (this.members.has(greenlet)) {
      this.slots?.release();
      return;
    }
    this.members.add(greenlet);
    greenlet.link(this.onMemberDone, NOT_WATCHING);
  }

  private killMembers(error: Error | undefined): void {
    const current = getCurrent() as Greenlet;
    for (const g of [...this.members]) {
      if (g === current || this.dying.has(g)) continue;
      this.dying.add(g);
      g.kill(error ?? new GreenletExit(), { block: false });
    }
    if (this.members.has(current) && !this.dying.has(current)) {
      this.dying.add(current);
      current.kill(error ?? new GreenletExit()); // raises here and now
    }
  }

  /**
   * Wait until `body` has seen the set empty; `timeout` ms turn into `false` (0: do not wait),
   * and a Timeout from elsewhere passes through as itself.
   */
  private untilEmpty(
    timeout: number | undefined,
    body: () => Generator<Suspend, void, unknown>,
  ): Blocking<boolean> {
    return new Blocking(() => this.emptiedWithin(timeout, body));
  }

  /** `untilEmpty`'s waiting. */
  private *emptiedWithin(
    timeout: number | undefined,
    body: () => Generator<Suspend, void, unknown>,
  ): Generator<Suspend, boolean, unknown> {
    if (this.members.size === 0) return true;
    if (timeout !== undefined && timeout <= 0) return false;
    return yield* withTimeout(timeout ?? null, () => thenTrue(body), { timeoutValue: false });
  }
}

/** Whether `greenlet` has ended, as a wait that returns at once. */
function* isReady(greenlet: Greenlet<unknown>): Generator<Suspend, boolean, unknown> {
  return greenlet.ready();
}

/** Run `body`, then return true. */
function* thenTrue(
  body: () => Generator<Suspend, void, unknown>,
): Generator<Suspend, true, unknown> {
  yield* body();
  return true;
}

/** How members are linked: bookkeeping, so an error nobody else watches is still reported. */
const NOT_WATCHING = { watching: false } as const;

function checkError(error: unknown): void {
  if (error !== undefined && !(error instanceof Error)) {
    throw new TypeError('kill(): error must be an Error (a GreenletExit by default)');
  }
}
