"""What may be attached to an article, checked from the file's content, never from its name.

Letters and checklists come as PDF, as Office or OpenDocument files, or as images. A PDF, PNG or
JPEG is known by its first bytes; DOCX, XLSX and ODT are zip containers, told apart by the part
that each must contain (and a zip that is none of them is refused).
"""

import zipfile

from django.core.files import File

# safe_name is shared with the meldingen' attachments; callers use it through this module.
from regiekamer.core.uploads import match_signature, safe_name  # noqa: F401

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # a scanned letter or a long template
MAX_ATTACHMENTS = 20  # per article

SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
ZIP_SIGNATURE = b"PK\x03\x04"
# (part that must be inside the zip, content type, extension)
ZIP_KINDS: tuple[tuple[str, str, str], ...] = (
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("content.xml", "application/vnd.oasis.opendocument.text", ".odt"),
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def detect_type(upload: File) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file; None for anything else."""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if (matched := match_signature(head, SIGNATURES)) is not None:
        return matched
    if not head.startswith(ZIP_SIGNATURE):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        upload.seek(0)
    for part, content_type, extension in ZIP_KINDS:
        if part in names and (extension != ".odt" or mimetype == ODT_MIMETYPE):
            return content_type, extension
    return None

