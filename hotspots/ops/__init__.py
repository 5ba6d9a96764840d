"""Operations around a build: what makes it safe to run on a schedule. Plain Python, no Prefect.

lock.py         one run at a time per dist directory (`dist/.run.lock`), stale locks cleared safely
cache.py        per-document extraction cache across processes (`.cache/extract/`)
fingerprint.py  a hash of every input of a build, so an unchanged rebuild can stop early
report.py       the run report (dist/reports/<run-id>.json) and the steps around the stages
retry.py        which errors are transient I/O worth retrying (never bad data)
cli.py          `hotspots serve`: the build flow as a scheduled Prefect deployment;
                `hotspots server`: a local Prefect server kept running for builds

Options come from flags or HOTSPOTS_* environment variables (see `hotspots build --help`).
The Prefect side (task runners, the deployment) lives in `flows/`; this package never imports it.
"""
