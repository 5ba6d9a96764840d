"""Shared by the examples: find the tables of the latest release under --dist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def data_dir(description: str) -> Path:
    """Parse `--dist DIR` (default dist/) and return DIR/latest/data, or exit with a message."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--dist",
        type=Path,
        default=Path("dist"),
        help="folder holding the releases (default: dist/); reads DIR/latest/data/*.parquet",
    )
    data = parser.parse_args().dist / "latest" / "data"
    if not (data / "facts.parquet").is_file():
        sys.exit(f"no release found: {data}/facts.parquet is missing (run `make build`?)")
    return data
