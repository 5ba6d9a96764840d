"""Allocator settings for a build process: what keeps a 10,000-document build under 1.5 GiB.

A build allocates hundreds of MiB of short-lived Python objects (per-document extraction
results, reconcile's groups) and then, in the publish stage, hundreds of MiB of Arrow buffers.
Memory freed by the first is kept by the process, not returned to the system, so by default the
Arrow buffers come on top of it: Arrow allocates from its own pool (jemalloc/mimalloc), which
cannot reuse what glibc's malloc freed. Measured on the benchmark corpus (10,000 documents,
`hotspots build`, peak RSS): default 1,528 MiB; Arrow on the system allocator 1,348 MiB; that
and at most two glibc heaps set as the process starts 1,309 MiB (set too late, once Prefect's
threads have made theirs, 1,402 MiB). Build times were unchanged within noise.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
MAX_HEAPS = 2


def limit_heaps() -> bool:
    """Cap glibc's malloc at MAX_HEAPS heaps. glibc adds a heap for each thread that allocates
    while another holds a heap's lock, up to 8 per core, and what a heap frees stays in it; the
    cap only binds heaps made after it, so call it first thing in the process (before Prefect
    starts its threads). False where the C library is not glibc: its allocator, its defaults."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.mallopt(M_ARENA_MAX, MAX_HEAPS) == 1
    except (OSError, AttributeError):
        return False


def tune_allocators() -> dict[str, str]:
    """Arrow on the system allocator (one allocator for Python, numpy and Arrow) and the heap cap;
    call at the start of a build, before the big allocations. Returns what is set, for the report."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    settings = {"arrow_memory_pool": pa.default_memory_pool().backend_name}
    if limit_heaps():
        settings["malloc_arena_max"] = str(MAX_HEAPS)
    return settings
