"""What every upload path shares: a size limit while a large file arrives, the type read from the
content, a harmless name for downloads, and the optional virus scan.

Who calls what (each path keeps its own limits and its own Dutch messages, which name its field):
- knowledge attachments (knowledge/services.add_attachment): safe_name, scan;
- meldingen attachments and meldpunt photos (meldingen/services._check_files, which the
  meldpunt's submit_report goes through): match_signature, safe_name, scan;
- BAG imports (registry/imports.start_bag_import) and exchange deliveries
  (exchange/services.start_upload): SizeLimitUploadHandler, scan;
- LAA files (meldingen/laa_views.import_file): scan (the file is read into rows, never stored).

The virus scan is off unless settings.CLAMAV_SOCKET (env REGIEKAMER_CLAMAV_SOCKET) names the
socket of a ClamAV daemon (clamd): a unix socket path, or host:port for its TCP socket. It is
called after the cheap checks and before anything is stored. A file the scanner reports is refused;
so is every file while the scanner cannot be reached or answers with an error (fail closed),
unless settings.CLAMAV_FAIL_OPEN (REGIEKAMER_CLAMAV_FAIL_OPEN=true) says to accept uploads then.
"""

import logging
import socket
import struct
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops receiving a file as soon as it exceeds the limit, so an oversized upload never fills the disk.

    The rest of the request body is read and discarded (connection_reset=False), so that the
    browser gets the page with the message instead of a broken connection.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.received, self.exceeded = limit, 0, None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = self.file_name or ""
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


# --- type and name

def match_signature(head: bytes, signatures: Iterable[tuple[bytes, str, str]]) -> tuple[str, str] | None:
    """(content type, extension) of the first (signature, content type, extension) whose magic
    number the bytes start with; None when none does. Never the name, never the browser's claim."""
    for signature, content_type, extension in signatures:
        if head.startswith(signature):
            return content_type, extension
    return None


def safe_name(name: str, extension: str) -> str:
    """The uploader's file name reduced to harmless characters, with the extension of its real type."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in stem).strip(" ._")[:100] or "bijlage"
    return f"{stem}{extension}"


# --- the virus scan: clamd's INSTREAM command
#
# The protocol, as ClamAV documents it for clamd (ClamAV documentation, "Usage", section "Clam
# daemon", https://docs.clamav.net/manual/Usage/Scanning.html; the same text in the clamd(8) man
# page, COMMANDS, e.g. https://manpages.ubuntu.com/manpages/focal/man8/clamd.8.html): INSTREAM
# "It is mandatory to prefix this command with n or z. ... The format of the chunk is:
# '<length><data>' where <length> is the size of the following data in bytes expressed as a 4 byte
# unsigned integer in network byte order and <data> is the actual chunk. Streaming is terminated by
# sending a zero-length chunk. Note: do not exceed StreamMaxLength as defined in clamd.conf,
# otherwise clamd will reply with INSTREAM size limit exceeded and close the connection." With the
# z prefix the command is NUL-terminated and "Clamd replies will honour the requested terminator".
# The reply (same documentation, "Output format", clamd) names the input, here "stream": "stream:
# OK", "stream: <signature name> FOUND", or an error that ends in "ERROR".

COMMAND = b"zINSTREAM\0"
CHUNK_BYTES = 256 * 1024
MAX_REPLY_BYTES = 4096  # a verdict is one short line; a longer answer is not clamd's
DEFAULT_TIMEOUT_SECONDS = 60.0  # clamd reads the whole stream before it answers: a large extract takes a while


class ScannerUnavailable(Exception):
    """The scanner could not be reached, broke off, or answered something other than a verdict."""


def scanner_address() -> str:
    return (getattr(settings, "CLAMAV_SOCKET", "") or "").strip()


def _connect(address: str, timeout: float) -> socket.socket:
    """A unix socket for a path, TCP for host:port (an IPv6 host in brackets: [::1]:3310)."""
    if address.startswith("/") or ":" not in address:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except BaseException:
            sock.close()
            raise
        return sock
    host, _sep, port = address.rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY_BYTES:
        data = sock.recv(MAX_REPLY_BYTES)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def instream(address: str, upload: File, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str | None:
    """Send the file to clamd; the signature name it found, or None for a clean file.

    Raises ScannerUnavailable for anything but a verdict. The file is left at its start.
    """
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(COMMAND)
            try:
                for chunk in upload.chunks(CHUNK_BYTES):  # chunks() starts at the beginning
                    sock.sendall(struct.pack("!I", len(chunk)) + chunk)
                sock.sendall(struct.pack("!I", 0))
            except OSError as error:
                # clamd closes the connection when the stream exceeds its StreamMaxLength; its
                # reply (if it got out) says so better than the broken pipe does.
                raise ScannerUnavailable(_read_reply(sock) or str(error)) from error
            reply = _read_reply(sock)
    except (OSError, ValueError) as error:  # ValueError: a port that is not a number
        raise ScannerUnavailable(str(error) or type(error).__name__) from error
    finally:
        upload.seek(0)
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND").strip() or "?"
    raise ScannerUnavailable(f"unexpected reply {reply[:200]!r}")


def _refusal(message: str, code: str, field: str | None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: [error]}) if field else error


def scan(upload: File, *, field: str | None = None) -> None:
    """Refuse the upload (ValidationError, on `field` when given) when the virus scanner reports it
    or, failing closed, cannot give a verdict. Does nothing while no scanner is configured."""
    address = scanner_address()
    if not address:
        return
    name = (getattr(upload, "name", "") or _("(zonder naam)"))[:100]
    timeout = float(getattr(settings, "CLAMAV_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    try:
        found = instream(address, upload, timeout=timeout)
    except ScannerUnavailable as error:
        # No file name in the log: names of uploads may identify a person.
        fail_open = bool(getattr(settings, "CLAMAV_FAIL_OPEN", False))
        logger.error("Virus scanner at %s gave no verdict (%s); upload for field %s %s", address, error,
                     field or "file", "accepted unscanned (CLAMAV_FAIL_OPEN)" if fail_open else "refused")
        if fail_open:
            return
        raise _refusal(_("Virusscanner niet bereikbaar: „%(name)s” is niet aangenomen en er is niets opgeslagen. "
                         "Probeer het later opnieuw.") % {"name": name}, "scanner_unavailable", field) from error
    if found is not None:
        logger.warning("Virus scanner found %s in an upload for field %s; refused", found, field or "file")
        raise _refusal(_("„%(name)s” is geweigerd: de virusscanner vond er %(found)s in. Er is niets opgeslagen.")
                       % {"name": name, "found": found}, "virus", field)
