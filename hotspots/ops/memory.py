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
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
# Blocks from this size up get their own mapping, returned to the system when freed. glibc's
# default starts at 128 KiB but raises itself to the size of each mapped block freed (up to 32
# MiB), after which big buffers (Arrow's strings, numpy's arrays) come from the heap, and what
# they leave there when freed is kept and cannot be reused by Python's small objects. Set, the
# threshold stays put. 10,000 documents (BENCHMARKS.md, fifth pass), build peak: 985 -> 961 MiB
# without the Arrow strings, 1,056 -> 944 with them.
MMAP_THRESHOLD = 256 * 1024


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


def fix_mmap_threshold() -> bool:
    """Keep glibc's mmap threshold at MMAP_THRESHOLD (see there). False where the C library is
    not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    except (OSError, AttributeError):
        return False


def trim_heap() -> bool:
    """Give the heap's free pages back to the system (glibc's `malloc_trim(0)`, which since 2.8
    releases every whole free page, not only the heap's top). Called where a build has just freed
    much that the stages after it would not reuse: the document texts once resolve is done
    (medium blocks of the heap, which Python's small objects, in their own arenas, and the big
    buffers, mapped on their own, cannot take). False where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
        return True
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
    if fix_mmap_threshold():
        settings["malloc_mmap_threshold"] = str(MMAP_THRESHOLD)
    return settings


# --- peak memory per stage -----------------------------------------------------------------------
# Linux keeps the process's peak resident size (VmHWM in /proc/self/status) and lets the process
# reset it to the current size (writing 5 to /proc/self/clear_refs), so each stage's own peak can be
# read without a sampling thread. Elsewhere (no /proc) the figures are simply absent.
_STATUS = "/proc/self/status"
_CLEAR_REFS = "/proc/self/clear_refs"


def _status_kib(field: str) -> int | None:
    try:
        with open(_STATUS, encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


# The reset also erases the peak the kernel reports for the whole process (ru_maxrss to a parent's
# wait4, `/usr/bin/time -v`): the peak before each reset is kept here, so the process's own peak
# stays known (`process_peak_mib`).
_peak_before_resets_kib = 0


def reset_peak() -> bool:
    """Start a new peak-RSS interval (the peak becomes the current size). False if not supported."""
    global _peak_before_resets_kib
    _peak_before_resets_kib = max(_peak_before_resets_kib, _status_kib("VmHWM") or 0)
    try:
        with open(_CLEAR_REFS, "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_mib() -> dict[str, float] | None:
    """{"peak_mib": peak resident size since the last `reset_peak` (or the process start),
    "end_mib": the current size}; None where /proc is not there."""
    peak, now = _status_kib("VmHWM"), _status_kib("VmRSS")
    if peak is None or now is None:
        return None
    return {"peak_mib": round(peak / 1024, 1), "end_mib": round(now / 1024, 1)}


def process_peak_mib() -> float | None:
    """The process's peak resident size since it started, across `reset_peak`s; None where /proc
    is not there. A parent's ru_maxrss of this process shows only the last interval's peak."""
    peak = _status_kib("VmHWM")
    if peak is None:
        return None
    return round(max(peak, _peak_before_resets_kib) / 1024, 1)


# --- peak memory per step of a stage ---------------------------------------------------------------
# A stage's own peak says which stage sets the build's peak, not which of its steps: publish, the
# stage that does at scale, runs a dozen steps (Arrow copies, data files, diff, database, page,
# verification). `mark(step)` records, after a step, the stage's peak so far and the current size:
# the step after which the peak first reaches its final value is the one that set it. The mark
# only reads /proc/self/status (a few microseconds): the high-water mark is never reset within a
# stage, so marks do not change the stage's figures and cost nothing an operator would notice.
_steps: list[dict] | None = None


def start_steps() -> None:
    """Begin recording `mark`s (as a stage starts); marks outside a started stage are ignored."""
    global _steps
    _steps = []


def mark(step: str) -> None:
    """After `step`: the stage's peak so far and the current resident size, MiB."""
    if _steps is None:
        return
    rss = rss_mib()
    if rss is not None:
        _steps.append({"step": step, **rss})


def take_steps() -> list[dict]:
    """The marks recorded since `start_steps`, in order; recording stops until the next start."""
    global _steps
    steps, _steps = _steps or [], None
    return steps
