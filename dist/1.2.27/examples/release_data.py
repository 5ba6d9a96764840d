"""Where the examples read a release's tables, so that they run from any folder.

`--data DIR`: a release folder, or its `data/` folder (e.g. one `hotspots download` wrote);
`--dist DIR`: a folder of releases (a dist/, a mirror, a `hotspots download --to` folder), whose
`latest/` is read. Without either: the release this examples/ folder is shipped in, else the
repository's dist/latest/ — found from the script's own place, not from the working directory.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def tables_dir(description: str) -> Path:
    """The folder holding the release's `<table>.parquet` files, from the command line."""
    parser = argparse.ArgumentParser(description=description)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help="a release folder or its data/ folder")
    where.add_argument(
        "--dist", type=Path, help="a folder of releases (dist/, a mirror): its latest/ is read"
    )
    args = parser.parse_args()
    if args.data is not None:
        return args.data / "data" if (args.data / "data").is_dir() else args.data
    if args.dist is not None:
        return args.dist / "latest" / "data"
    home = Path(__file__).resolve().parent.parent  # a release, or the repository
    if (home / "datapackage.json").is_file():
        return home / "data"
    return home / "dist" / "latest" / "data"
