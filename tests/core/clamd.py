"""A small stand-in for ClamAV's daemon, for the tests of the virus-scan hook (regiekamer/core/uploads.py).

ClamAV itself cannot run on the test machines: Debian's clamav-daemon starts only with a signature
database, which freshclam downloads from ClamAV's mirrors, and the network is closed. This server
speaks the part of clamd's protocol that Regiekamer uses, as ClamAV documents it (see the comment
in uploads.py): the command "zINSTREAM\\0", then chunks of a 4-byte big-endian length and that many
bytes, ending with a zero length; it answers "stream: OK\\0" or "stream: <name> FOUND\\0". It is
strict: any other command gets clamd's "UNKNOWN COMMAND" and a stream that ends without its
zero-length chunk gets no verdict, so a client that frames wrongly fails these tests.

It reports the EICAR anti-virus test string wherever it occurs in the stream or in a member of a zip
(ClamAV too unpacks archives; it knows EICAR by its own signatures). The string is put together from
parts here, so that no file of the repository is itself the test virus.
"""

import io
import os
import socket
import socketserver
import struct
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

EICAR = b"".join([b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$", b"EICAR-", b"STANDARD-ANTIVIRUS-", b"TEST-", b"FILE!$H+H*"])
SIGNATURE = "Win.Test.EICAR_HDB-1"  # the name ClamAV's database gives it


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            return None
        data += part
    return data


def _infected(data: bytes) -> bool:
    if EICAR in data:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(_infected(archive.read(member)) for member in archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return False


@dataclass
class Stream:
    data: bytes
    chunks: int  # data chunks, without the closing zero-length one


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        server: "_Server" = self.server  # type: ignore[assignment]
        server.clamd.connections += 1
        command = b""
        while not command.endswith(b"\0") and len(command) < 64:
            part = self.request.recv(1)
            if not part:
                return
            command += part
        if command != b"zINSTREAM\0":
            self.request.sendall(b"UNKNOWN COMMAND\0")
            return
        data, chunks = bytearray(), 0
        while True:
            header = _read_exactly(self.request, 4)
            if header is None:
                return  # no terminating chunk: no verdict
            (length,) = struct.unpack("!I", header)
            if length == 0:
                break
            if len(data) + length > server.clamd.stream_max_length:
                self.request.sendall(b"INSTREAM size limit exceeded. ERROR\0")
                return
            chunk = _read_exactly(self.request, length)
            if chunk is None:
                return
            data += chunk
            chunks += 1
        server.clamd.streams.append(Stream(bytes(data), chunks))
        verdict = f"stream: {SIGNATURE} FOUND" if _infected(bytes(data)) else "stream: OK"
        self.request.sendall(verdict.encode() + b"\0")


class _Server(socketserver.ThreadingMixIn, socketserver.BaseServer):
    daemon_threads = True
    clamd: "FakeClamd"


class _UnixServer(_Server, socketserver.UnixStreamServer):
    pass


class _TcpServer(_Server, socketserver.TCPServer):
    allow_reuse_address = True


@dataclass
class FakeClamd:
    address: str = ""  # what REGIEKAMER_CLAMAV_SOCKET would say
    stream_max_length: int = 25 * 1024 * 1024  # clamd.conf's default StreamMaxLength
    connections: int = 0
    streams: list[Stream] = field(default_factory=list)


def _serve(server: _Server, clamd: FakeClamd):
    server.clamd = clamd
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def clamd(settings):
    """A scanner on a unix socket, configured as settings.CLAMAV_SOCKET."""
    folder = Path(tempfile.mkdtemp(prefix="clamd-", dir="/tmp"))  # a socket path must stay under 108 bytes
    clamd = FakeClamd(address=str(folder / "clamd.ctl"))
    server = _serve(_UnixServer(clamd.address, _Handler), clamd)
    settings.CLAMAV_SOCKET = clamd.address
    yield clamd
    server.shutdown()
    server.server_close()
    os.unlink(clamd.address)
    folder.rmdir()


@pytest.fixture
def clamd_tcp(settings):
    """A scanner on a TCP port of 127.0.0.1, configured as host:port."""
    clamd = FakeClamd()
    server = _TcpServer(("127.0.0.1", 0), _Handler)
    clamd.address = "127.0.0.1:%d" % server.server_address[1]
    _serve(server, clamd)
    settings.CLAMAV_SOCKET = clamd.address
    yield clamd
    server.shutdown()
    server.server_close()


@pytest.fixture
def scanner_down(settings):
    """A configured scanner whose socket is not there (clamd stopped)."""
    folder = Path(tempfile.mkdtemp(prefix="clamd-", dir="/tmp"))
    settings.CLAMAV_SOCKET = str(folder / "clamd.ctl")
    yield settings.CLAMAV_SOCKET
    folder.rmdir()


# Every socket connection the process makes, while a test listens (sys.audit's "socket.connect"
# event; an audit hook cannot be removed, so it records only into an active list).
_listening: list[list] = []


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and _listening:
        _listening[-1].append(args[1])


sys.addaudithook(_audit)


@pytest.fixture
def socket_connects():
    """The addresses of all socket connections made during the test."""
    made: list = []
    _listening.append(made)
    yield made
    _listening.remove(made)
