"""gevent's cells for the hub and io suite (see src/green/workloads.ts).

Usage: python3 python/green_cell.py '<GreenRequest JSON>'; prints one JSON line of metrics.
Each workload mirrors the Tendril program in src/green/cell-tendril.ts.
"""

import gc
import json
import os
import resource
import sys
import time

import gevent
from gevent.event import Event
from gevent.lock import Semaphore
from gevent.pool import Pool
from gevent.queue import Channel, Queue

ROUNDS = 100


def now_ns():
    return time.perf_counter_ns()


def per_op(t0, ops):
    return (now_ns() - t0) / ops


def settled_rss():
    gc.collect()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def noop():
    pass


def spawn_all_join_all(n):
    t0 = now_ns()
    gs = [gevent.spawn(noop) for _ in range(n)]
    gevent.joinall(gs)
    return {"ns": per_op(t0, n)}


def spawn_join_each(n):
    t0 = now_ns()
    for _ in range(n):
        gevent.spawn(noop).join()
    return {"ns": per_op(t0, n)}


def ring_member():
    for _ in range(ROUNDS):
        gevent.sleep(0)


def ring(n):
    t0 = now_ns()
    gevent.joinall([gevent.spawn(ring_member) for _ in range(n)])
    return {"ns": per_op(t0, n * ROUNDS)}


def sleepers(n):
    base = settled_rss()
    t0 = now_ns()
    gevent.joinall([gevent.spawn(gevent.sleep, 0.010) for _ in range(n)])
    wall_ms = (now_ns() - t0) / 1e6
    return {"wallMs": wall_ms, "rssPer": (peak_rss() - base) / n, "peakRss": peak_rss()}


def timeout(n):
    t0 = now_ns()
    for _ in range(n):
        gevent.Timeout.start_new(0.010).cancel()
    return {"ns": per_op(t0, n)}


def check_sum(total, n):
    if total != n * (n - 1) // 2:
        raise RuntimeError("lost items")


def queue_ping_pong(n):
    q = Queue(1)
    t0 = now_ns()

    def producer():
        for i in range(n):
            q.put(i)

    p = gevent.spawn(producer)
    total = 0
    for _ in range(n):
        total += q.get()
    p.join()
    check_sum(total, n)
    return {"ns": per_op(t0, n)}


def queue_nowait(n):
    q = Queue()
    t0 = now_ns()
    for i in range(n):
        q.put_nowait(i)
    total = 0
    for _ in range(n):
        total += q.get_nowait()
    check_sum(total, n)
    return {"ns": per_op(t0, n)}


def queue_yield(n):
    q = Queue()
    t0 = now_ns()
    for i in range(n):
        q.put(i)
    total = 0
    for _ in range(n):
        total += q.get()
    check_sum(total, n)
    return {"ns": per_op(t0, n)}


def channel(n):
    ch = Channel()
    t0 = now_ns()

    def sender():
        for i in range(n):
            ch.put(i)

    s = gevent.spawn(sender)
    total = 0
    for _ in range(n):
        total += ch.get()
    s.join()
    check_sum(total, n)
    return {"ns": per_op(t0, n)}


def event(n):
    ev = Event()
    gs = [gevent.spawn(ev.wait) for _ in range(n)]
    gevent.sleep(0)  # every waiter is now parked on the event
    t0 = now_ns()
    ev.set()
    gevent.joinall(gs)
    return {"ns": per_op(t0, n)}


def semaphore(k):
    sem = Semaphore(10)

    def member():
        for _ in range(k):
            with sem:
                gevent.sleep(0)

    t0 = now_ns()
    gevent.joinall([gevent.spawn(member) for _ in range(100)])
    return {"ns": per_op(t0, 100 * k)}


def pool_map(n):
    items = list(range(n))
    pool = Pool(100)
    t0 = now_ns()
    out = pool.map(lambda x: x * 2, items)
    if len(out) != n or out[-1] != (n - 1) * 2:
        raise RuntimeError("wrong map result")
    return {"ns": per_op(t0, n)}


BODIES = {
    "spawn-all-join-all": spawn_all_join_all,
    "spawn-join-each": spawn_join_each,
    "ring": ring,
    "sleepers": sleepers,
    "timeout": timeout,
    "queue-ping-pong": queue_ping_pong,
    "queue-nowait": queue_nowait,
    "queue-yield": queue_yield,
    "channel": channel,
    "event": event,
    "semaphore": semaphore,
    "pool-map": pool_map,
}


def main():
    request = json.loads(sys.argv[-1])
    body = BODIES[request["workload"]]
    for _ in range(request["warmupRuns"]):
        body(request["warmupN"])
    print(json.dumps(body(request["n"])))


if __name__ == "__main__":
    main()
