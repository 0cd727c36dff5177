"""The command line's memory reuse (riskengine/memory.py), checked in a fresh process of its own.

A second array of 100 MB made after the first was freed: with glibc's defaults it comes from a fresh
mapping whose pages fault in (and are zeroed) again; after keep_freed_memory() it reuses the first
one's pages, which are already there.
"""

import subprocess
import sys

PROBE = """
import resource, sys
import numpy as np
from riskengine.memory import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()
size = 100_000_000 // 8
first = np.ones(size)
del first
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
second = np.ones(size)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults_of_a_second_array(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_freed_pages_are_reused_after_keep_freed_memory():
    # 100 MB is 50 huge pages or 24,414 small ones: at least 50 faults when the pages are fresh.
    assert faults_of_a_second_array("default") >= 50
    assert faults_of_a_second_array("keep") < 10
