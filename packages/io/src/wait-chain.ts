import type { Greenlet } from '@tendril/hub';
import type { WaitList } from './wait-list.js';

/** @internal What a node holds until a wake-up hands it something. */
export const UNCLAIMED: unique symbol = Symbol('unclaimed');

/** @internal One wait of a greenlet on a {@link WaitList}. */
export class WaitNode {
  prev: WaitNode | null = null;
  next: WaitNode | null = null;
  /** The chain it is in: its list's waiting or woken one, or `null` once its wait is over. */
  chain: Chain | null = null;
  /** What a wake-up of the list handed it ({@link UNCLAIMED} until one does). */
  handed: unknown = UNCLAIMED;
  constructor(
    readonly list: WaitList,
    readonly greenlet: Greenlet<unknown>,
    readonly waitId: number,
    /** What it brought to its wait (a putter's item): see {@link WaitList.first}. */
    readonly offer: unknown,
  ) {}
}

/**
 * @internal The nodes of a {@link WaitList} in order (its waiting ones, or its woken ones),
 * doubly linked so that any of them leaves in O(1).
 */
export class Chain {
  head: WaitNode | null = null;
  tail: WaitNode | null = null;
  length = 0;

  append(node: WaitNode): void {
    node.prev = this.tail;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    node.chain = this;
    this.length++;
  }

  remove(node: WaitNode): void {
    if (node.chain !== this) return;
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
    node.chain = null;
    this.length--;
  }

  /** The node of `g`'s current wait, searched from the head. */
  find(g: Greenlet<unknown>): WaitNode | null {
    const id = g.waitId;
    for (let node = this.head; node !== null; node = node.next) {
      if (node.greenlet === g && node.waitId === id) return node;
    }
    return null;
  }
}
