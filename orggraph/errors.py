"""The one kind of error a user sees.

Every error whose message is meant for the person at the keyboard extends `OrggraphError`; the
command line catches it once and prints `错误：<message>` (PREFIX) with a non-zero exit status.
Messages are Chinese, by /work/shared/TERMS.md; file names, ids, options and code stay as typed.
Anything else that escapes is a bug."""
from __future__ import annotations

import errno

# What starts the line of every error a person reads (the one place that spells it).
PREFIX = "错误："


class OrggraphError(Exception):
    """An error with a message for the user (what went wrong, and where, and what to do)."""

    def details(self) -> list[str]:
        """Lines printed before the `错误：` line (e.g. each problem of a bundle)."""
        return []

    def summary(self) -> str:
        """The `错误：` line."""
        return str(self)


class UnknownIdError(OrggraphError):
    """An id given on the command line that names nothing in the database."""



# What the system says when it refuses a file, in Chinese (by errno); anything else as it says.
_SYSTEM_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有读写权限", errno.EPERM: "没有读写权限",
    errno.ENOSPC: "磁盘空间已满", errno.EROFS: "所在文件系统只读", errno.EISDIR: "这是文件夹，应为文件",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "已存在", errno.EFBIG: "文件超过大小上限",
    errno.ENAMETOOLONG: "文件名过长",
}


def system_reason(exc: OSError) -> str:
    """Why the system refused a file, for a message."""
    return _SYSTEM_REASONS.get(exc.errno, exc.strerror or str(exc))
