"""What keeps a large build's memory down: shared repeated values, the allocator settings."""

from __future__ import annotations

import json
import subprocess
import sys

from hotspots.extract import UNIQUE_FIELDS, share_values


def test_share_values_makes_equal_values_one_object_and_changes_none() -> None:
    # Built at run time so that the strings are distinct objects, as JSON parsing makes them.
    rows = [
        {
            "claim_id": "c" + str(i),
            "predicate": "".join(["ranked", "_in"]),
            "quote": "".join(["q", "qq"]),
        }
        for i in range(3)
    ]
    before = json.dumps(rows)
    assert rows[0]["predicate"] is not rows[1]["predicate"]
    pool: dict[str, str] = {}
    shared = share_values(rows, pool)
    assert json.dumps(shared) == before  # same values
    assert shared[0]["predicate"] is shared[1]["predicate"] is shared[2]["predicate"]
    assert "quote" in UNIQUE_FIELDS and shared[0]["quote"] is not shared[1]["quote"]
    assert set(pool) == {"ranked_in"}


def test_tune_allocators_puts_arrow_on_the_system_allocator() -> None:
    code = (
        "import json, pyarrow as pa\n"
        "from hotspots.ops.memory import tune_allocators\n"
        "settings = tune_allocators()\n"
        "buf = pa.allocate_buffer(1 << 20)\n"
        "print(json.dumps([settings, pa.default_memory_pool().backend_name,"
        " pa.system_memory_pool().bytes_allocated() >= 1 << 20]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    settings, backend, counted = json.loads(out)
    assert backend == "system" and settings["arrow_memory_pool"] == "system" and counted
    if sys.platform.startswith("linux"):
        assert settings.get("malloc_arena_max") == "2"
