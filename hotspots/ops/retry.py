"""Which failures are worth retrying: transient I/O only, never bad data or a refused publish.

A flaky network filesystem or object-store mount (EIO, ETIMEDOUT, ESTALE, a busy file…) may
succeed a second later. A missing folder, a permission problem, a full disk, or anything that is
not an OSError (a bad document, a validation failure, `ReleaseError`) fails the same way every
time, so it fails at once.
"""

from __future__ import annotations

import errno

RETRIES = 2
RETRY_DELAY_SECONDS = [1, 5]

PERMANENT_ERRNOS = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,  # permissions, read-only filesystem
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EFBIG,  # disk or quota full, file too large
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EEXIST,
        errno.ENOTEMPTY,  # wrong paths
        errno.ENAMETOOLONG,
        errno.ELOOP,
        errno.EINVAL,
        errno.EXDEV,
    }
)


def is_transient_io_error(exc: BaseException | None) -> bool:
    """True for an OSError that may not happen again (a timeout, EIO, a stale NFS handle…)."""
    if not isinstance(exc, OSError):
        return False
    permanent = (
        PermissionError,
        FileNotFoundError,
        FileExistsError,
        IsADirectoryError,
        NotADirectoryError,
    )
    return exc.errno not in PERMANENT_ERRNOS and not isinstance(exc, permanent)
