"""Staff SSH keys in the service account's ``authorized_keys``.

Each staff member's public key gets one line whose forced command opens the program as that
person, whatever the client asks to run::

    restrict,pty,command="/srv/huitoukan/.venv/bin/huitoukan-tui --user qixing" \
        ssh-ed25519 AAAA… huitoukan-tui:qixing

(one line in the file).

``restrict`` turns off port, agent and X11 forwarding and ~/.ssh/rc; ``pty`` gives the TUI
its terminal back. Lines that are not ours are kept as they are. The file is rewritten
atomically (temporary file + rename) under a lock, so two administrators adding keys at the
same time lose neither.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from huitoukan_tui.services.errors import ValidationError

#: the comment that marks our lines (followed by the login)
MARK = "huitoukan-tui:"
OPTIONS = "restrict,pty"

KEY_TYPES = (
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-dss",
)


def default_authorized_keys() -> Path:
    """The running account's own ``~/.ssh/authorized_keys`` (the service account's)."""
    return Path.home() / ".ssh" / "authorized_keys"


def default_program() -> str:
    """The absolute path of the running ``huitoukan-tui`` (what sshd must start)."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "huitoukan-tui" and argv0.exists():
        return str(argv0.absolute())
    found = shutil.which("huitoukan-tui")
    if found:
        return str(Path(found).absolute())
    beside = Path(sys.executable).parent / "huitoukan-tui"
    if beside.exists():
        return str(beside)
    return f"{sys.executable} -m huitoukan_tui"


@dataclass(frozen=True)
class PublicKey:
    kind: str
    blob: str  # base64, as in the file
    comment: str

    @property
    def fingerprint(self) -> str:
        """OpenSSH's ``SHA256:…`` fingerprint (what ``ssh-keygen -l`` prints)."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def parse_public_key(text: str, source: str = "公钥") -> PublicKey:
    """One OpenSSH public key line (``type base64 [comment]``); ValidationError otherwise."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ValidationError.of("", "文件为空", where=source)
    if "PRIVATE KEY" in text:
        raise ValidationError.of("", "这是私钥，请提供公钥（.pub 文件），私钥不要交给任何人",
                                 where=source)
    if len(lines) > 1:
        raise ValidationError.of("", f"只能包含一把公钥（发现 {len(lines)} 行）", where=source)
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise ValidationError(
            f"{source}：不是 OpenSSH 公钥格式（应以 ssh-ed25519、ssh-rsa 等开头）")
    kind, blob = parts[0], parts[1]
    try:
        raw = base64.b64decode(blob, validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        inner = raw[4:4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise ValidationError.of("", "公钥内容已损坏（base64 无法解析）", where=source) from None
    if inner != kind or len(raw) < 4 + length + 16:
        raise ValidationError.of("", f"公钥内容与类型 {kind} 不符", where=source)
    comment = parts[2].strip() if len(parts) > 2 else ""
    return PublicKey(kind, blob, comment)


def read_key_file(path: Path) -> PublicKey:
    """Read and check a public key file; ``ssh-keygen -l`` double-checks it when present."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ValidationError.of("公钥文件", f"无法读取 {path}（{exc.strerror}）") from None
    key = parse_public_key(text, f"公钥文件 {path}")
    keygen = shutil.which("ssh-keygen")
    if keygen:
        result = subprocess.run([keygen, "-l", "-f", str(path)], capture_output=True,
                                text=True, timeout=30)
        if result.returncode != 0:
            raise ValidationError.of("", "ssh-keygen 无法识别此公钥", where=f"公钥文件 {path}")
    return key


def _escape(command: str) -> str:
    """sshd's command="…" undoes exactly one escape: a backslash before a double quote."""
    return command.replace('"', '\\"')


def forced_command(login: str, program: str | None = None,
                   extra_args: tuple[str, ...] = ()) -> str:
    """``PROGRAM [EXTRA…] --user LOGIN``, each part shell-quoted (sshd runs it with the
    account's shell). ``program`` may itself hold arguments, e.g. ``python -m huitoukan_tui``."""
    program = program or default_program()
    parts = [*shlex.split(program), *extra_args, "--user", login]
    return " ".join(shlex.quote(p) for p in parts)


def key_line(login: str, key: PublicKey, command: str) -> str:
    tail = f" {key.comment}" if key.comment and not key.comment.startswith(MARK) else ""
    return f'{OPTIONS},command="{_escape(command)}" {key.kind} {key.blob} {MARK}{login}{tail}'


_COMMAND = re.compile(r'(?:^|,)command="((?:[^"\\]|\\.)*)"')


def line_login(line: str) -> str | None:
    """The login a line of ours opens the program as (None: not one of our lines)."""
    text = line.strip()
    if not text or text.startswith("#") or MARK not in text:
        return None
    words = _split_outside_quotes(text)
    options = next((" ".join(words[:i]) for i, w in enumerate(words) if w in KEY_TYPES), "")
    match = _COMMAND.search(options)
    if match is None:
        return None
    command = match.group(1).replace('\\"', '"')
    try:
        args = shlex.split(command)
    except ValueError:
        return None
    for i, word in enumerate(args[:-1]):
        if word == "--user":
            return args[i + 1]
    return None


def line_blob(line: str) -> str | None:
    """The base64 key of a line (ours or not)."""
    words = _split_outside_quotes(line.strip())
    for i, word in enumerate(words[:-1]):
        if word in KEY_TYPES:
            return words[i + 1]
    return None


def _split_outside_quotes(text: str) -> list[str]:
    words, current, quoted, escaped = [], "", False, False
    for ch in text:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == '"':
            current += ch
            quoted = not quoted
        elif ch.isspace() and not quoted:
            if current:
                words.append(current)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


@dataclass(frozen=True)
class KeyEntry:
    login: str
    kind: str
    fingerprint: str
    line: str


def entries(path: Path | None = None) -> list[KeyEntry]:
    """Our lines of ``path``, with the login and fingerprint of each key."""
    path = path or default_authorized_keys()
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        login = line_login(line)
        blob = line_blob(line)
        if login is None or blob is None:
            continue
        kind = next((w for w in _split_outside_quotes(line) if w in KEY_TYPES), "")
        try:
            fingerprint = PublicKey(kind, blob, "").fingerprint
        except (binascii.Error, ValueError):
            fingerprint = "?"
        out.append(KeyEntry(login, kind, fingerprint, line))
    return out


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write_atomically(path: Path, lines: list[str]) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def add_key(login: str, key: PublicKey, command: str, path: Path | None = None) -> str:
    """Write the line of ``login``'s key; the same key given again replaces its line.
    Refused when that key already opens another login. Returns the line written."""
    path = path or default_authorized_keys()
    line = key_line(login, key, command)
    with _locked(path):
        lines = _read_lines(path)
        kept = []
        for existing in lines:
            if line_blob(existing) == key.blob:
                owner = line_login(existing)
                if owner is None:
                    raise ValidationError(
                        f"SSH 公钥：这把公钥已在 {path} 中用于其他用途，请先手工删除该行")
                if owner != login:
                    raise ValidationError.of("SSH 公钥", f"这把公钥已登记给用户 {owner}")
                continue  # replaced below
            kept.append(existing)
        kept.append(line)
        _write_atomically(path, kept)
    return line


def remove_keys(login: str, path: Path | None = None) -> list[KeyEntry]:
    """Remove every line of ours that opens ``login``; returns what was removed."""
    path = path or default_authorized_keys()
    with _locked(path):
        lines = _read_lines(path)
        removed = [e for e in entries(path) if e.login == login]
        if removed:
            gone = {e.line for e in removed}
            _write_atomically(path, [ln for ln in lines if ln not in gone])
    return removed
