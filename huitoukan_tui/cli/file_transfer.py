"""scp, sftp and their kind under the forced command: refused, with a line the client shows.

A key's forced command never serves files of the server, so these are refused; what matters is
that the user learns what to do instead. The classic ``scp`` (``scp -O``, WinSCP's SCP mode)
runs a command whose stderr the client prints, so the refusal's Chinese line arrives as for
any other command. The SFTP subsystem (``sftp``, OpenSSH 9's ``scp``, WinSCP, Xftp,
MobaXterm's file pane) is different: sshd throws a subsystem's stderr away, and the client
speaks the SFTP protocol, so "Connection closed" was all it ever said. Here the program answers
in that protocol (version 3, draft-ietf-secsh-filexfer-02): the handshake, then every request
gets SSH_FX_PERMISSION_DENIED with the refusal as its message, which sftp prints (OpenSSH in
octal escapes, hence the commands in ASCII words) and graphical clients show in their dialog.
Nothing of the request is read but its type and id; at most a few hundred requests and no
packet over 256 KiB, then the answer ends.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

#: what sshd passes as SSH_ORIGINAL_COMMAND for the sftp subsystem (its configured program)
SFTP_PROGRAMS = ("sftp-server", "internal-sftp")
#: command words of file-copying programs a client may ask the server to run
COPY_PROGRAMS = ("scp", "sftp", "rsync")

REFUSAL = ("不能用 scp/sftp 传送文件（这个账号只能运行工作台和它的命令）。"
           "下载：ssh huitoukan@服务器 export progress --stdout > 进展一览表.xlsx；"
           "上传（街道生态环境站）：ssh huitoukan@服务器 import - < 台账.xlsx；"
           "Xshell、SecureCRT、MobaXterm 也可以在工作台里用 ZMODEM（ctrl+d）。")
#: the same in the SFTP answer: OpenSSH's sftp prints it in octal escapes, so the commands,
#: what the user must read there, are in ASCII words
SFTP_REFUSAL = ("不能用 scp/sftp 传送文件 (no scp/sftp): "
                "ssh huitoukan@server export progress --stdout > progress.xlsx ; "
                "ssh huitoukan@server import - < ledger.xlsx ; ssh huitoukan@server help")

FXP_INIT, FXP_VERSION, FXP_STATUS = 1, 2, 101
FX_PERMISSION_DENIED = 3
MAX_PACKET = 256 * 1024
MAX_REQUESTS = 500


def is_sftp_subsystem(words: list[str]) -> bool:
    return bool(words) and os.path.basename(words[0]) in SFTP_PROGRAMS


def is_copy_program(name: str) -> bool:
    return os.path.basename(name) in COPY_PROGRAMS or is_sftp_subsystem([name])


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _read(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def refuse_sftp(stdin: BinaryIO, stdout: BinaryIO, message: str = SFTP_REFUSAL) -> int:
    """Answer an SFTP client until it gives up: its version, then a refusal per request.
    Returns the number of requests refused."""
    text = _string(message.encode("utf-8")) + _string(b"zh-CN")
    refused = 0
    while refused < MAX_REQUESTS:
        head = _read(stdin, 4)
        if head is None:
            break
        (length,) = struct.unpack(">I", head)
        if not 1 <= length <= MAX_PACKET:
            break
        body = _read(stdin, length)
        if body is None:
            break
        if body[0] == FXP_INIT:
            reply = bytes([FXP_VERSION]) + struct.pack(">I", 3)
        elif length >= 5:
            reply = (bytes([FXP_STATUS]) + body[1:5] + struct.pack(">I", FX_PERMISSION_DENIED)
                     + text)
            refused += 1
        else:
            break
        stdout.write(struct.pack(">I", len(reply)) + reply)
        stdout.flush()
    return refused
