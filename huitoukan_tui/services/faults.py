"""Unexpected failures: one Chinese line for the user, the details for the administrator.

Refusals (``ServiceError``) already speak Chinese. Everything else that escapes a piece of
work — a locked or full database, a file the account may not write, a corrupt database, a
bug — comes here from the two places that run work: the CLI's command group and the TUI's
workers (and its event loop). ``report`` writes the exception with its traceback to the
error log (services.errorlog) and returns the line the user reads, which says what happened
in words and where an administrator finds the details.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator

from huitoukan_tui.services import errorlog
from huitoukan_tui.services.errors import ServiceError


class UnexpectedFailure(ServiceError):
    """An unexpected failure, told as a refusal: ``lines`` is the user's line; the
    exception behind it is ``original`` (and in the error log)."""

    def __init__(self, line: str, original: BaseException) -> None:
        super().__init__(line)
        self.original = original


# ---------------------------------------------------------------- what happened, in words

_SQLITE = [  # (words in the engine's message, the line)
    (("database is locked", "database table is locked", "database schema is locked"),
     "数据库正忙：有人正在写入，等待超时。请稍后再试。"),
    (("database or disk is full",),
     "磁盘已满，操作未完成。请联系管理员清理磁盘空间。"),
    (("attempt to write a readonly database", "readonly database"),
     "数据库是只读的：本账号不能写入{where}（文件或文件夹的权限，或只读的文件系统；"
     "SQLite 读取时也要写它旁边的 -shm 文件）。"),
    (("unable to open database file",),
     "无法打开数据库文件{where}：文件不存在、不可读，或所在文件夹不能写入"
     "（SQLite 需要在数据库旁创建 -wal 和 -shm 文件）。"),
    (("file is not a database", "file is encrypted", "database disk image is malformed",
      "malformed database schema"),
     "数据库文件已损坏或不是本程序的数据库{where}。请从备份恢复（见 README 的 Backups）。"),
    (("disk i/o error",),
     "读写数据库{paren}时发生磁盘错误，操作未完成。"),
    (("no such table", "no such column"),
     "数据库{paren}的结构与本程序不符：不是本程序的数据库，或版本不对。"),
]
#: messages that only follow an earlier failure (the one worth telling)
_AFTERMATH = ("cannot rollback", "cannot commit", "no transaction is active")

_PG_CODES = {
    "53100": "数据库服务器磁盘已满，操作未完成。请联系管理员。",
    "53200": "数据库服务器内存不足，操作未完成。请稍后再试。",
    "53300": "数据库服务器的连接数已满，请稍后再试。",
    "55P03": "数据库正忙：有人正在修改同一记录，等待超时。请稍后再试。",
    "57014": "数据库操作超时，已取消。请稍后再试。",
    "40P01": "数据库检测到两个操作互相等待，本次操作已撤销。请再试一次。",
    "40001": "数据库中有同时进行的修改，本次操作已撤销。请再试一次。",
    "25006": "数据库是只读的，操作未完成。",
    "42501": "数据库账号没有权限进行此操作。请联系管理员。",
    "3D000": "数据库不存在。请联系管理员。",
}

_ERRNO = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许的操作",
    errno.EROFS: "只读文件系统",
    errno.ENOENT: "不存在",
    errno.EEXIST: "已存在",
    errno.EISDIR: "是文件夹",
    errno.ENOTDIR: "不是文件夹",
    errno.ENAMETOOLONG: "名称太长",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.EIO: "磁盘读写错误",
    errno.ELOOP: "符号链接太多",
    errno.ETXTBSY: "文件正被使用",
    errno.EBUSY: "文件正被使用",
    errno.EXDEV: "不能跨文件系统移动",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EFBIG: "文件太大",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EINVAL: "操作无效",
    errno.EPIPE: "连接已断开",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _database_where() -> str:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.models import database

    obj = database.obj
    if obj is not None and dbmod.is_sqlite(obj):
        return f" {obj.database}"
    return ""


def _database_line(exc: BaseException) -> str | None:
    pgcode = getattr(exc, "pgcode", None) or getattr(exc.__cause__, "pgcode", None)
    if pgcode in _PG_CODES:
        return _PG_CODES[pgcode]
    text = str(exc).lower()
    for words, line in _SQLITE:
        if any(w in text for w in words):
            where = _database_where()
            return line.format(where=where, paren=f"（{where.strip()}）" if where else "")
    kind = type(exc).__name__
    module = type(exc).__module__
    if module.startswith("psycopg2") or "server closed the connection" in text \
            or "connection already closed" in text or "could not connect" in text:
        if kind in ("OperationalError", "InterfaceError"):
            return "与数据库服务器的连接中断，操作未完成。请稍后再试。"
    return None


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in a word or two (``没有权限``)."""
    return _ERRNO.get(exc.errno or 0) or (
        f"错误码 {exc.errno}" if exc.errno else type(exc).__name__)


def _os_line(exc: OSError) -> str:
    what = os_reason(exc)
    names = [n for n in (exc.filename, exc.filename2) if n]
    where = "：" + " → ".join(str(n) for n in names) if names else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{what}，文件未能写入{where}。请联系管理员清理磁盘空间。"
    return f"文件操作失败（{what}）{where}"


def describe(exc: BaseException) -> str:
    """What happened, in one Chinese line (without the log's whereabouts)."""
    chain = list(_chain(exc))
    primary = [e for e in chain if not any(w in str(e).lower() for w in _AFTERMATH)]
    for candidate in primary or chain:
        line = _database_line(candidate)
        if line:
            return line
    for candidate in chain:
        if isinstance(candidate, OSError) and candidate.errno:
            return _os_line(candidate)
        if isinstance(candidate, MemoryError):
            return "内存不足，操作未完成。"
        if isinstance(candidate, RecursionError):
            break
    return f"程序内部错误（{type(exc).__name__}），操作未完成。"


# ---------------------------------------------------------------- telling both

def report(exc: BaseException, context: str = "") -> str:
    """Log ``exc`` (with ``context``, e.g. what was being done) and return the user's line:
    what happened and where the details are."""
    line = describe(exc)
    line = line if line.endswith("。") else line + "。"
    path, at, written = errorlog.record(exc, f"{context}：{line}" if context else line)
    if path is None:
        return line
    if not written:
        return f"{line}（详情未能写入管理员日志 {path}）"
    return f"{line}详情已记入管理员日志 {path}（{at:%Y-%m-%d %H:%M:%S}）。"


def failure(exc: BaseException, context: str = "") -> UnexpectedFailure:
    """``report`` as a refusal to hand to whoever shows refusals."""
    return UnexpectedFailure(report(exc, context), exc)
