"""Keep freed memory in the process during a one-off national run (the command line only).

A national run makes and drops hundreds of arrays of tens of megabytes. glibc hands each one that
large to the system on `free` and asks for fresh pages for the next, which the kernel must zero first:
at ten million addresses that zeroing was a quarter of all CPU time (`perf`: `clear_page_erms`).
Told to serve large blocks from its heap (no mmap per block), to keep one arena for every thread and
not to give the heap's top back, glibc reuses the same pages instead: about 1.5 CPU seconds less
system time at 10M for about 0.2 GB more peak memory (benchmarks/README.md, "Memory reuse").

Only for the `regiekamer risk` command, which ends when the run ends: a long-lived process (the
application's task worker) keeps its default, so that it gives memory back between runs. Other C
libraries (musl, macOS) have no such switches; there nothing changes.
"""

import ctypes
import ctypes.util

# mallopt(3) parameter numbers, from glibc's <malloc.h>.
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
M_ARENA_MAX = -8
# The largest value mallopt takes (an int): give the heap's top back only beyond 2 GB of free space.
KEEP_UP_TO = 2**31 - 1


def keep_freed_memory() -> bool:
    """Ask glibc to reuse freed large blocks for the rest of the process; True when it agreed."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    # Each call answers 1 when the setting took; all three or it does not count as done.
    return all([mallopt(M_ARENA_MAX, 1) == 1, mallopt(M_MMAP_MAX, 0) == 1, mallopt(M_TRIM_THRESHOLD, KEEP_UP_TO) == 1])
