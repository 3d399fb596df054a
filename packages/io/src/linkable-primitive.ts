import { getHub, type Linkable } from '@tendril/hub';

interface Link {
  /** (A method signature, so that a callback taking a subclass fits.) */
  callback(source: LinkablePrimitive): void;
  /** The readiness it was last called for (see `generation`). */
  seen: number;
}

/**
 * @internal The link machinery shared by Event, AsyncResult and the semaphores (gevent's
 * `AbstractLinkable`): a link stays registered until unlinked and is called from the hub —
 * never inside `set()`/`release()` — once for each time the object becomes ready, and once soon
 * after `link()` when it is ready then. Readiness changes within one hub turn are coalesced.
 */
export abstract class LinkablePrimitive implements Linkable {
  private links: Link[] = [];
  /** Counts the times it became ready; a link is due when it has not seen the current one. */
  private generation = 0;
  private notifyScheduled = false;

  /**
   * @param notifyAll - Call every due link even if the object is no longer ready by then (an
   *   Event that was set and cleared); otherwise stop once it is not (a permit taken by a link).
   */
  constructor(private readonly notifyAll: boolean) {}

  /** Whether waiting on it would return at once. */
  abstract ready(): boolean;

  /**
   * Call `callback(this)` from the hub each time it becomes ready (soon, when it is ready now),
   * until {@link unlink}ed. It must not block; an error it throws is reported by the hub.
   *
   * @param callback - A plain function.
   * @throws TypeError when `callback` is not a function.
   */
  link(callback: (source: this) => void): void {
    if (typeof callback !== 'function') throw new TypeError('link() takes a function');
    const link: Link = { callback, seen: this.generation };
    this.links.push(link);
    if (this.ready()) {
      link.seen--;
      this.scheduleNotify();
    }
  }

  /** Remove every registration of `callback`; removing one that is not there is fine. */
  unlink(callback: (source: this) => void): void {
    if (this.links.some((link) => link.callback === callback)) {
      this.links = this.links.filter((link) => link.callback !== callback);
    }
  }

  /** @internal Whether a notification is queued in the hub and has not run yet. */
  get _notifyPending(): boolean {
    return this.notifyScheduled;
  }

  /** Call after it became ready: every link is due again. */
  protected becameReady(): void {
    this.generation++;
    if (this.links.length > 0) this.scheduleNotify();
  }

  /** Queue the notification in the hub (once, however often it is asked for in one turn). */
  protected scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    getHub().callSoon(this.notify);
  }

  private readonly notify = (): void => {
    this.notifyScheduled = false;
    const links = this.links;
    for (const link of links) {
      if (link.seen === this.generation) continue;
      if (!this.notifyAll && !this.ready()) return;
      // unlink() replaces the array: a link removed by an earlier one is not called.
      if (links !== this.links && !this.links.includes(link)) continue;
      link.seen = this.generation;
      try {
        link.callback(this);
      } catch (error) {
        getHub().callSoon(() => {
          throw error; // reported by the hub; the other links still run
        });
      }
    }
  };
}
