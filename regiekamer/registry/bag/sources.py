"""Find the per-type XML files of a BAG 2.0 extract: in a folder, a zip, zips inside zips, or one file.

Kadaster delivers the national extract as a zip of per-type zips (9999VBO08092025.zip ...), each
holding numbered XML files. A zip inside a zip cannot be read without seeking back over compressed
data, so each inner zip is copied to the work directory (disk, not memory), read, and deleted.
"""

import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from regiekamer.registry.bag.errors import BagImportError

# 0221PND15092020-000001.xml: municipality (or 9999), object type, date, part number.
_XML_NAME_RE = re.compile(r"^[0-9]{4}(WPL|OPR|NUM|VBO|PND|LIG|STA)[0-9]{8}(-[0-9]+)?\.xml$", re.IGNORECASE)
_COPY_BUFFER = 1 << 20


def is_extract_file(name: str) -> bool:
    """True for a per-type XML file of the extract (not the Leveringsdocument or relation files)."""
    return bool(_XML_NAME_RE.match(Path(name).name))


def xml_sources(*, path: Path, workdir: Path) -> Iterator[tuple[str, BinaryIO]]:
    """Yield (display name, open binary stream) per XML file; a stream is valid until the next one."""
    if path.is_dir():
        yield from _folder_sources(folder=path, workdir=workdir)
    elif path.suffix.lower() == ".xml":
        with path.open("rb") as stream:
            yield path.name, stream
    else:
        yield from _zip_file_sources(zip_path=path, display=path.name, workdir=workdir)


def _folder_sources(*, folder: Path, workdir: Path) -> Iterator[tuple[str, BinaryIO]]:
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        display = str(file.relative_to(folder.parent))
        if file.suffix.lower() == ".zip":
            yield from _zip_file_sources(zip_path=file, display=display, workdir=workdir)
        elif is_extract_file(file.name):
            with file.open("rb") as stream:
                yield display, stream


def _zip_file_sources(*, zip_path: Path, display: str, workdir: Path) -> Iterator[tuple[str, BinaryIO]]:
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BagImportError(file=display, message=f"geen leesbaar zip-bestand ({error})") from error
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = f"{display}/{info.filename}"
            if info.is_dir():
                continue
            if info.filename.lower().endswith(".zip"):
                handle, inner_name = tempfile.mkstemp(dir=workdir, suffix=".zip")
                os.close(handle)
                inner = Path(inner_name)
                try:
                    with archive.open(info) as source, inner.open("wb") as target:
                        shutil.copyfileobj(source, target, _COPY_BUFFER)
                except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
                    raise BagImportError(file=name, message=f"zip-bestand is beschadigd ({error})") from error
                try:
                    yield from _zip_file_sources(zip_path=inner, display=name, workdir=workdir)
                finally:
                    inner.unlink(missing_ok=True)
            elif is_extract_file(info.filename):
                with archive.open(info) as stream:
                    yield name, stream
