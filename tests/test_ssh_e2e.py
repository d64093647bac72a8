"""End to end over a real OpenSSH server: two staff keys written by ``user add-key`` log in
through tmux, each sees only their unit's cases, and the forced command cannot be escaped
(no shell, no command of one's own, no port forwarding). The command form: a key runs an
allowed command (``ssh … export ledger --stdout > 台账.xlsx``) as its own login and scope.

Needs sshd, ssh, ssh-keygen and tmux; skipped with the reason when one is missing, except
under CI=true where they are installed (.ci/run) and a missing one is a failure.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from huitoukan_tui.services import sshkeys

pytestmark = pytest.mark.slow

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"
CASE_NO = re.compile(r"LS-\d{4}-\d{3}")
SSHD = next((p for p in ("/usr/sbin/sshd", shutil.which("sshd") or "") if p and
             os.path.exists(p)), None)


def _require_programs() -> None:
    missing = [name for name, path in (
        ("sshd (openssh-server)", SSHD), ("ssh (openssh-client)", shutil.which("ssh")),
        ("ssh-keygen", shutil.which("ssh-keygen")), ("tmux", shutil.which("tmux")))
        if not path]
    if not missing:
        return
    reason = "端到端 SSH 测试需要：" + "、".join(missing) + \
        "（apt-get install openssh-server openssh-client tmux）"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def _stop(process: subprocess.Popen) -> None:
    """End an ssh client; a loaded machine may not let it act on SIGTERM in time."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


class Server:
    def __init__(self, root: Path, port: int, authorized_keys: Path):
        self.root, self.port, self.authorized_keys = root, port, authorized_keys
        self.user = getpass.getuser()
        self.log = root / "sshd.log"


@contextlib.contextmanager
def _sshd(folder: Path, extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """An sshd on a free port of 127.0.0.1, configured in ``folder``; ``extra`` lines go at
    the end of its configuration (e.g. a ``Match`` block)."""
    _require_programs()
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
    host_key = folder / "ssh_host_ed25519_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)],
                   check=True)
    srv = Server(folder, _free_port(), folder / "authorized_keys")
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {srv.port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}",
        f"AuthorizedKeysFile {srv.authorized_keys}", f"PidFile {folder / 'sshd.pid'}",
        "PubkeyAuthentication yes", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
        "PermitRootLogin prohibit-password", "AllowTcpForwarding yes",
        "AllowAgentForwarding yes", "X11Forwarding no", "PrintMotd no", "LogLevel VERBOSE",
        *extra, ""]))
    with open(srv.log, "w") as log:
        proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        _wait(lambda: "Server listening" in srv.log.read_text() or proc.poll() is not None,
              30, "sshd to listen")
        assert proc.poll() is None, srv.log.read_text()
        yield srv
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    with _sshd(tmp_path) as srv:
        yield srv


@pytest.fixture
def ledger_db(tmp_path) -> Path:
    path = tmp_path / "huitoukan.sqlite3"
    result = subprocess.run([str(PROGRAM), "--db", str(path), "--user", "admin", "init",
                             "--demo"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return path


def _cases_by_unit(db: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(db)
    try:
        out: dict[str, set[str]] = {}
        for case_no, unit in conn.execute(
                "SELECT c.case_no, u.name FROM petition_case c JOIN unit u ON u.id = c.unit_id"):
            out.setdefault(unit, set()).add(case_no)
        return out
    finally:
        conn.close()


def _client_key(tmp_path: Path, name: str) -> Path:
    key = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                   check=True)
    return key


def _ssh_args(srv: Server, key: Path) -> list[str]:
    return ["ssh", "-F", "/dev/null", "-i", str(key), "-p", str(srv.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=20"]


class Tmux:
    def __init__(self, name: str):
        self.base = ["tmux", "-L", name, "-f", "/dev/null"]

    def __call__(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True,
                              timeout=30).stdout

    def screen(self, target: str) -> str:
        return self("capture-pane", "-p", "-t", target)

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    mux = Tmux(f"huitoukan-e2e-{os.getpid()}-{time.monotonic_ns()}")
    try:
        yield mux
    finally:
        mux.kill()


def _login(tmux: Tmux, name: str, ssh: list[str], target: str,
           remote_command: str = "") -> None:
    """Open a tmux session running ``ssh -tt target [remote_command]``; its pane stays after
    ssh exits so the end can be inspected."""
    command = shlex.join([*ssh, "-tt", target, *([remote_command] if remote_command else [])])
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    tmux("set-option", "-t", name, "remain-on-exit", "on")


def _ledger(tmux: Tmux, name: str) -> str:
    """The screen once the ledger has rendered and settled."""
    last = {"text": ""}

    def settled():
        text = tmux.screen(name)
        done = "编号" in text and CASE_NO.search(text) and text == last["text"]
        last["text"] = text
        return text if done else None

    return _wait(settled, 90, f"the ledger on {name}'s screen:\n{last['text']}")


def test_two_staff_over_ssh_see_only_their_unit_and_cannot_escape(server, ledger_db, tmp_path,
                                                                  tmux):
    ssh_target = f"{server.user}@127.0.0.1"
    keys = {login: _client_key(tmp_path, f"key_{login}") for login in ("qixing", "xinhe")}
    for login, key in keys.items():
        result = subprocess.run(
            [str(PROGRAM), "--db", str(ledger_db), "--user", "admin", "user", "add-key", login,
             f"{key}.pub", "--authorized-keys", str(server.authorized_keys)],
            capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    lines = server.authorized_keys.read_text().splitlines()
    assert [sshkeys.line_login(ln) for ln in lines] == ["qixing", "xinhe"]
    for line in lines:
        assert line.startswith(f'restrict,pty,command="{PROGRAM} --db {ledger_db} --user ')

    by_unit = _cases_by_unit(ledger_db)
    everything = set().union(*by_unit.values())
    expected = {"qixing": ("七星村", "七星村 陈村干"), "xinhe": ("新河社区", "新河社区 刘主任")}

    # both log in at once; asking for a shell command instead is refused (below)
    _login(tmux, "qixing", _ssh_args(server, keys["qixing"]), ssh_target)
    _login(tmux, "xinhe", _ssh_args(server, keys["xinhe"]), ssh_target)
    for login, (unit, name) in expected.items():
        screen = _ledger(tmux, login)
        shown = set(CASE_NO.findall(screen))
        assert shown == by_unit[unit], (login, screen)
        assert not shown & (everything - by_unit[unit])
        assert name in screen
        assert "uid=" not in screen

    # leaving the program ends the connection: no shell behind it
    for login in expected:
        tmux("send-keys", "-t", login, "q")
        _wait(lambda login=login: tmux("list-panes", "-t", login, "-F",
                                       "#{pane_dead}").strip() == "1", 30, f"{login} to exit")
        screen = tmux.screen(login)
        assert "uid=" not in screen
        assert not re.search(r"[#$] *$", screen, re.M), screen  # no shell prompt

    ssh = _ssh_args(server, keys["qixing"])
    # a shell command, with or without a terminal: the program refuses it, never a shell
    for tty in ([], ["-tt"]):
        result = subprocess.run([*ssh, *tty, ssh_target, "sh -c id; exec sh -i"],
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 1
        assert "uid=" not in result.stdout + result.stderr
        assert "不允许通过 SSH 运行“sh”" in result.stdout + result.stderr

    # port forwarding is refused by ``restrict``: remote …
    result = subprocess.run([*ssh, "-N", "-o", "ExitOnForwardFailure=yes", "-R",
                             "0:127.0.0.1:22", ssh_target], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "forwarding failed" in result.stderr
    # … and local: a connection through the tunnel to the SSH port itself gets no banner
    local = _free_port()
    tunnel = subprocess.Popen([*ssh, "-N", "-L", f"127.0.0.1:{local}:127.0.0.1:{server.port}",
                               ssh_target], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        def banner() -> bytes | None:
            try:
                with socket.create_connection(("127.0.0.1", local), timeout=5) as conn:
                    conn.settimeout(5)
                    try:
                        return conn.recv(64) or b"<closed>"
                    except TimeoutError:
                        return b"<nothing>"
            except OSError:
                return None

        received = _wait(banner, 60, "the local tunnel to listen")
        assert not received.startswith(b"SSH-"), received
    finally:
        _stop(tunnel)
    assert "refused local port forward" in server.log.read_text()


def test_a_key_for_an_unregistered_login_is_refused_at_the_door(server, ledger_db, tmp_path):
    key = _client_key(tmp_path, "key_ghost")
    line = sshkeys.key_line("ghost", sshkeys.read_key_file(Path(f"{key}.pub")),
                            sshkeys.forced_command("ghost", str(PROGRAM),
                                                   ("--db", str(ledger_db))))
    server.authorized_keys.write_text(line + "\n")
    result = subprocess.run([*_ssh_args(server, key), "-tt", f"{server.user}@127.0.0.1"],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "用户 ghost 未登记，请联系街道生态环境站开通账号" in output
    assert "编号" not in output  # no screen was drawn


def _add_keys(server: Server, db: Path, tmp_path: Path, *logins: str) -> dict[str, Path]:
    keys = {}
    for login in logins:
        keys[login] = _client_key(tmp_path, f"key_{login}")
        result = subprocess.run(
            [str(PROGRAM), "--db", str(db), "--user", "admin", "user", "add-key", login,
             f"{keys[login]}.pub", "--authorized-keys", str(server.authorized_keys)],
            capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    return keys


def test_the_command_form_over_ssh(server, ledger_db, tmp_path):
    """What a Windows user types in PowerShell: ``ssh huitoukan@server export … --stdout >
    file`` and ``… import - < file``; the key's login and scope hold whatever is asked."""
    import io

    from openpyxl import load_workbook

    keys = _add_keys(server, ledger_db, tmp_path, "qixing", "admin")
    target = f"{server.user}@127.0.0.1"
    qixing, station = _ssh_args(server, keys["qixing"]), _ssh_args(server, keys["admin"])

    def run(ssh: list[str], *command: str, data: bytes | None = None,
            tty: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run([*ssh, *(["-tt"] if tty else []), "--", target, *command],
                              input=data if data is not None else b"", capture_output=True,
                              timeout=90)

    # a unit key exports its own ledger to stdout: a real workbook with its cases only
    result = run(qixing, "export", "ledger", "--week", "2024-03-28", "--stdout")
    assert result.returncode == 0, result.stderr.decode()
    ws = load_workbook(io.BytesIO(result.stdout)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4) if row[1].value]
    assert {r[1] for r in rows} == _cases_by_unit(ledger_db)["七星村"]
    assert {r[4] for r in rows} == {"七星村"}
    assert "已输出 2024-03-28_信访台账_七星村.xlsx" in result.stderr.decode()

    # typed exactly as README says (no "--" before the server): OpenSSH passes it on
    result = subprocess.run([*qixing, target, "export", "progress", "--week", "2024-03-28",
                             "--stdout"], capture_output=True, timeout=90, input=b"")
    assert result.returncode == 0 and result.stdout.startswith(b"PK\x03\x04")
    result = subprocess.run([*qixing, target, "help"], capture_output=True, timeout=90,
                            input=b"")
    assert result.returncode == 0
    assert "ssh huitoukan@服务器 export …" in result.stdout.decode()

    # … and cannot reach another unit, pass --user or --db, or run anything else
    for command, fragment in [
            (["export", "progress", "--unit", "新河社区", "--stdout"], "新河社区"),
            (["export", "ledger", "--stdout", "--user", "admin"], "不能使用选项 --user"),
            (["--user admin export ledger --stdout"], "不允许"),
            (["cases", "--db", "/tmp/x.sqlite3"], "不能使用选项 --db"),
            (["user", "list"], "不允许通过 SSH 运行“user”"),
            (["export", "ledger", "--out", str(tmp_path)], "不能指定服务器上的文件")]:
        result = run(qixing, *command)
        err = result.stderr.decode()
        assert result.returncode == 1, (command, err)
        assert fragment in err and len(err.strip().splitlines()) == 1, (command, err)
        assert result.stdout == b"" and "uid=" not in err
    # shell syntax is text: ``;`` is part of a word (an unknown option here), nothing is run
    result = run(qixing, "export ledger --stdout; id")
    err = result.stderr.decode()
    assert result.returncode == 2 and "没有选项 '--stdout;'" in err and "uid=" not in err
    assert "Did you mean" not in err and result.stdout == b""
    result = run(qixing, "cases --search '$(id)' --format csv")
    assert result.returncode == 0 and b"uid=" not in result.stdout + result.stderr
    assert result.stdout.decode("utf-8").splitlines()[1:] == []
    # a terminal as stdout is refused: the workbook's bytes never reach the screen
    result = run(qixing, "export", "ledger", "--stdout", tty=True)
    assert result.returncode == 1 and b"PK\x03\x04" not in result.stdout
    assert "标准输出是终端" in (result.stdout + result.stderr).decode()

    # the station uploads a ledger through stdin; the unit key may not
    ledger = ("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
              "SSH-1,2024-03-02,来电,七星村,某石料厂,夜间噪声扰民\n").encode("gb18030")
    result = run(qixing, "import", "-", data=ledger)
    assert result.returncode == 1 and "只有街道生态环境站" in result.stderr.decode()
    result = run(station, "import", "-", "--dry-run", data=ledger)
    assert result.returncode == 0 and "将新增 1 件" in result.stdout.decode()
    assert "SSH-1" not in set().union(*_cases_by_unit(ledger_db).values())
    result = run(station, "import", "-", data=ledger)
    assert result.returncode == 0, result.stderr.decode()
    assert "SSH-1" in _cases_by_unit(ledger_db)["七星村"]


def test_one_os_account_per_person_acts_as_its_uid_over_ssh(tmp_path, tmux):
    """Issue 12 item 2 over a real sshd, in the one-OS-account-per-person deployment: the
    forced command runs as the member's own OS account, the program takes the member for who
    the uid says (never LOGNAME/USER), and nothing the member asks for makes it act as
    anyone else."""
    from tests.osaccounts import other_account_program, throwaway_account

    member_program = other_account_program()
    tag = f"{os.getpid() % 100000}"
    with throwaway_account(f"hkt{tag}", f"hkg{tag}") as login:
        shared = Path(tempfile.mkdtemp(prefix="huitoukan-ssh-"))
        try:
            shared.chmod(0o755)
            db_dir = shared / "db"
            db_dir.mkdir()
            shutil.chown(db_dir, group=f"hkg{tag}")
            db_dir.chmod(0o2770)  # the deployment's setgid group folder
            db = db_dir / "huitoukan.sqlite3"
            for args in (["init", "--demo"], ["user", "add", login, "--name", "陈村干",
                                              "--role", "unit", "--unit", "七星村"]):
                done = subprocess.run([str(PROGRAM), "--db", str(db), "--user", "admin", *args],
                                      capture_output=True, text=True, timeout=120)
                assert done.returncode == 0, done.stderr
            key = _client_key(tmp_path, "key_member")
            with _sshd(shared, ("Match User " + login,
                                f"    ForceCommand {member_program} --db {db}")) as srv:
                srv.authorized_keys.write_text(Path(f"{key}.pub").read_text())
                srv.authorized_keys.chmod(0o644)
                ssh = [*_ssh_args(srv, key), "--", f"{login}@127.0.0.1"]
                own = _cases_by_unit(db)["七星村"]

                # the workbench: as the OS account, with its unit's cases only
                _login(tmux, "member", _ssh_args(srv, key), f"{login}@127.0.0.1")
                screen = _ledger(tmux, "member")
                assert set(CASE_NO.findall(screen)) == own
                assert "陈村干" in screen
                tmux("send-keys", "-t", "member", "q")

                # asking for another identity through the forced command gets nowhere
                for asked in ("--user admin user list", "user list",
                              "env LOGNAME=admin USER=admin cases"):
                    result = subprocess.run([*ssh, asked], capture_output=True, text=True,
                                            timeout=120, stdin=subprocess.DEVNULL)
                    assert result.returncode == 1, (asked, result.stdout)
                    assert "Traceback" not in result.stderr
                    assert "LS-" not in result.stdout
                listed = subprocess.run([*ssh, "cases --format json"], capture_output=True,
                                        text=True, timeout=120, stdin=subprocess.DEVNULL)
                assert listed.returncode == 0, listed.stderr
                assert set(CASE_NO.findall(listed.stdout)) == own
        finally:
            shutil.rmtree(shared, ignore_errors=True)


def test_scp_and_sftp_are_refused_with_a_line_the_client_shows(tmp_path, ledger_db):
    """The key's forced command serves no file of the server to scp or sftp (issue 15): the
    classic scp prints the program's Chinese line; an SFTP client (sftp, OpenSSH 9's scp,
    WinSCP, Xftp) gets an answer in its own protocol saying what to use instead, instead of
    "Connection closed", and ends at once. Nothing is copied either way."""
    with _sshd(tmp_path, ("Subsystem sftp /usr/lib/openssh/sftp-server",)) as srv:
        key = _add_keys(srv, ledger_db, tmp_path, "qixing")["qixing"]
        target = f"{srv.user}@127.0.0.1"
        options = [arg if arg != "-p" else "-P" for arg in _ssh_args(srv, key)[1:]]
        secret = f"db-copy-{os.getpid()}"
        upload = tmp_path / f"evil-{os.getpid()}.txt"
        upload.write_text("x")

        def run(*argv: str, data: str = "") -> subprocess.CompletedProcess:
            return subprocess.run(list(argv), input=data, capture_output=True, text=True,
                                  timeout=60)

        result = run("sftp", *options, "-b", "-", target, data=f"get {ledger_db}\n")
        assert result.returncode != 0
        said = result.stdout + result.stderr
        assert "realpath .:" in said and "(no scp/sftp)" in said, said
        assert "ssh huitoukan@server export progress --stdout > progress.xlsx" in said
        assert "Connection closed" not in said

        for mode in ([], ["-O"]):  # SFTP underneath (OpenSSH 9's default), then classic
            result = run("scp", *mode, *options, f"{target}:{ledger_db}", str(tmp_path / secret))
            assert result.returncode != 0 and not (tmp_path / secret).exists()
            result = run("scp", *mode, *options, str(upload), f"{target}:{upload.name}")
            assert result.returncode != 0
            assert not (Path.home() / upload.name).exists()
        assert "错误：不能用 scp/sftp 传送文件" in result.stderr  # what classic scp prints
        assert "ssh huitoukan@服务器 export progress --stdout > 进展一览表.xlsx" in result.stderr
