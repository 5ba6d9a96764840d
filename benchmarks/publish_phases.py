"""Where publish's memory goes: publish a release's pipeline tables in a fresh process and print
the resident memory (VmRSS), its high-water mark (VmHWM, reset as publish starts) and Arrow's
allocated bytes around each phase of `publish_release`.

    PYTHONPATH=CODE .venv/bin/python benchmarks/publish_phases.py RELEASE_DIR OUT_DIST

RELEASE_DIR is a built release (e.g. WORK/dist-LABEL-N/latest of `benchmarks.scale --keep`):
its pipeline tables are read from its Parquet files and handed to publish as pandas frames, as
the build does (`consume=True, validated=True`). CODE (optional) is a frozen copy of the code
(`benchmarks.scale` leaves one in WORK/code-LABEL/code), to compare two versions on the same
tables; run it as a script, not with `-m`, which puts the working directory before CODE on
sys.path. The phases' order and the stage's peak are what to read: the tables come from
Parquet, not from the earlier stages, so the process's heap differs from a build's.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hotspots.release import (
    archive,
    card,
    contract,
    database,
    derive,
    page,
    publish_release,
    write,
)
from hotspots.release import publish as publish_module
from hotspots.release import verify as verify_module

try:  # publish's parts (split37); older code (PYTHONPATH=CODE) has them in publish itself
    from hotspots.release import publish_data, publish_metadata
except ImportError:
    publish_data = publish_metadata = publish_module

# In the order publish runs them; nested ones (inside _write_metadata and verify_release) are
# indented in the output by the order they print, not by nesting: read "peak a -> b" of each.
# `_check_quotes` runs right after the pipeline's tables are converted to Arrow (`to_arrow`):
# its "before" is memory after that conversion.
PHASES = [
    (publish_module, "_check_quotes"),  # in older code; publish_data.check_quotes since split37
    (publish_data, "check_quotes"),
    (derive, "release_tables"),
    (publish_module, "_write_data"),
    (publish_data, "write_data"),
    (publish_module, "_release_diff"),
    (publish_data, "release_diff"),
    (publish_module, "_stamp_history"),
    (publish_data, "stamp_history"),
    (database, "write_database"),
    (publish_module, "_write_examples"),
    (publish_metadata, "write_examples"),
    (card, "build_card"),
    (page, "write_release_page"),
    (publish_module, "sums_text"),
    (publish_metadata, "sums_text"),
    (archive, "write_release_zip"),
    (publish_module, "_write_metadata"),
    (publish_metadata, "write_metadata"),
    (verify_module, "_integrity"),
    (verify_module, "_json_problems"),
    (verify_module, "validate_table"),
    (verify_module, "check_foreign_keys"),  # the one key check (pandas only, in older code)
    (verify_module, "check_foreign_keys_arrow"),  # its Arrow twin, in older code
    (verify_module, "_content"),
    (database, "check_database"),
    (archive, "check_zip"),
    (publish_module, "verify_release"),
]


def memory() -> tuple[int, int, int]:
    """(VmRSS, VmHWM, Arrow's allocated bytes), MiB."""
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    rss, hwm = (int(status.split(key + ":")[1].split()[0]) // 1024 for key in ("VmRSS", "VmHWM"))
    return rss, hwm, pa.default_memory_pool().bytes_allocated() >> 20


def _traced(module, name: str) -> None:
    function = getattr(module, name, None)
    if function is None:  # an older version of the code (PYTHONPATH=CODE) has not got it
        return

    @functools.wraps(function)
    def traced(*args, **kwargs):
        before = memory()
        result = function(*args, **kwargs)
        after = memory()
        label = f"{name}({args[0]})" if name == "validate_table" else name
        print(
            f"{label}: rss {before[0]} -> {after[0]}, peak {before[1]} -> {after[1]}, "
            f"arrow {before[2]} -> {after[2]} MiB",
            flush=True,
        )
        return result

    setattr(module, name, traced)


def build(raw: Path, dist: Path, cache: Path, out: Path) -> int:
    import dataclasses

    from benchmarks.scale import child
    from hotspots import pipeline

    for module, name in PHASES:
        _traced(module, name)
    _traced(publish_module, "publish_release")
    pipeline.PLAIN = dataclasses.replace(pipeline.PLAIN, publish=publish_module.publish_release)
    for folder in (dist, cache):
        shutil.rmtree(folder, ignore_errors=True)
    child(raw, dist, cache, out, tables=True)
    print("end", memory())
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "--build":
        return build(*map(Path, argv[1:5]))
    release, out = Path(argv[0]), Path(argv[1])
    shutil.rmtree(out, ignore_errors=True)
    tables = {}
    for name in contract.pipeline_table_names():
        columns = [c.name for c in contract.pipeline_columns(name)]
        tables[name] = write.to_frame(
            pq.read_table(release / "data" / f"{name}.parquet", columns=columns)
        )
    info = json.loads((release / "build.json").read_text(encoding="utf-8"))
    for key in ("release", "dependencies", "python"):
        info.pop(key, None)
    for module, name in PHASES:
        _traced(module, name)
    Path("/proc/self/clear_refs").write_text("5", encoding="utf-8")  # resets VmHWM
    print("start", memory(), flush=True)
    publish_release(tables, out, info, consume=True, validated=True)
    print("end", memory())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
