"""Work on the second core.

Polars spreads its own work over both cores, but numpy and Python run on one. Where two steps do not
depend on each other and one of them spends its time outside the GIL (Polars, or numpy arithmetic on
large arrays), the engine runs it on a thread of its own beside the other. Results are the same as
one after the other: the steps share nothing they change.
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


def aside(function: Callable, *args) -> Future:
    """Start function(*args) on a thread of its own; .result() waits for it (and raises its error)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(function, *args)
    finally:
        pool.shutdown(wait=False)  # the thread ends when the work is done
