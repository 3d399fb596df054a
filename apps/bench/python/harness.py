"""Timing for the Python cells: the same protocol and method as src/harness/measure.ts."""

import gc
import time


def measure(workload, expected, request):
    """Run `workload` request['warmup'] times untimed, then request['runs'] times timed.

    Each run starts after a full collection; collections the run causes are part of its cost.
    Returns nanoseconds per operation, one entry per timed run; raises if a run returns a
    checksum other than `expected`.
    """
    samples = []
    for run in range(-request["warmup"], request["runs"]):
        gc.collect()
        start = time.perf_counter_ns()
        checksum = workload()
        elapsed = time.perf_counter_ns() - start
        if checksum != expected:
            raise RuntimeError(f"workload returned {checksum}, expected {expected}")
        if run >= 0:
            samples.append(elapsed / request["ops"])
    return samples
