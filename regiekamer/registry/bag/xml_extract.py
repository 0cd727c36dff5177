"""Read the objects of one BAG 2.0 XML file (LVBAG extract 2.1.0), one voorkomen at a time.

Streaming: ElementTree's incremental parser (XMLPullParser, the engine behind iterparse) is fed
the file one line at a time (at most 64 KiB, as some extracts put everything on one line), and
every bagObject is removed from the tree once read, so memory stays flat however big the file.
Feeding by line instead of calling iterparse is what lets an error name the line it is on:
the events that come out after feeding line N end on line N.

Tags are matched by local name, because the namespace URIs carry a schema date.
"""

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError

from regiekamer.core.validators import normalise_postcode, validate_bag_id
from regiekamer.registry.bag.errors import BagImportError
from regiekamer.registry.geo import rd_to_wgs84

_CHUNK = 1 << 16
# Object element -> our short type code and the type digits of its identifier.
OBJECT_TYPES = {
    "Woonplaats": ("WPL", None),
    "OpenbareRuimte": ("OPR", "30"),
    "Nummeraanduiding": ("NUM", "20"),
    "Verblijfsobject": ("VBO", "01"),
    "Pand": ("PND", "10"),
    "Ligplaats": ("LIG", "02"),
    "Standplaats": ("STA", "03"),
}
_HUISLETTER_RE = re.compile(r"[A-Za-z]")
_TOEVOEGING_RE = re.compile(r"[A-Za-z0-9]{1,4}")


@dataclass(frozen=True, slots=True)
class BagObject:
    """One voorkomen (version) of a BAG object, reduced to the fields the registry keeps."""

    kind: str  # WPL, OPR, NUM, VBO, PND, LIG or STA
    bag_id: str
    # (1 if current else 0, beginGeldigheid, voorkomenidentificatie): the highest rank is kept.
    rank: tuple[int, str, int]
    data: dict[str, Any]


def iter_objects(*, stream: BinaryIO, name: str) -> Iterator[BagObject]:
    """Yield every voorkomen in one extract file; raise BagImportError at the first bad one."""
    parser = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []
    lines: dict[ET.Element, int] = {}
    local_names: dict[str, str] = {}
    for line, piece in _pieces(stream=stream, name=name):
        try:
            if piece:
                parser.feed(piece)
            else:
                parser.close()
        except ET.ParseError as error:
            raise BagImportError(file=name, line=error.position[0], message=f"ongeldige XML ({error})") from error
        for event, element in parser.read_events():
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            lines[element] = line
            tag = element.tag
            local = local_names.get(tag) or local_names.setdefault(tag, tag.rpartition("}")[2])
            if local == "bagObject":
                if len(element) and (obj := _parse_object(element[0], name=name, lines=lines, line=line)):
                    yield obj
                lines.clear()
            if local in {"bagObject", "stand"} and stack:
                # Cut read objects loose from the tree; clearing alone would leave empty husks.
                stack[-1].remove(element)


def _pieces(*, stream: BinaryIO, name: str) -> Iterator[tuple[int, bytes]]:
    """Yield (line number, piece of that line) over the file, then (last line, b"") at the end."""
    line, at_line_start = 0, True
    while True:
        try:
            block = stream.read(_CHUNK)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as error:
            raise BagImportError(file=name, line=line or None, message=f"bestand is beschadigd ({error})") from error
        if not block:
            yield line, b""
            return
        start = 0
        while start < len(block):
            end = block.find(b"\n", start) + 1 or len(block)
            line += at_line_start
            at_line_start = block[end - 1] == 0x0A
            yield line, block[start:end]
            start = end


class _Fields:
    """Read and validate the fields of one object element, naming the line of a bad one.

    Fields are found by their path of local names ("voorkomen/Voorkomen/beginGeldigheid"), indexed
    in one walk: much faster than ElementTree's {*} wildcard searches, which matters at 30 million
    voorkomens.
    """

    def __init__(self, *, element: ET.Element, name: str, lines: dict[ET.Element, int], line: int) -> None:
        self.name, self.lines, self.line = name, lines, line
        self.index: dict[str, list[ET.Element]] = {}
        self._walk(element=element, prefix="", depth=3)

    def _walk(self, *, element: ET.Element, prefix: str, depth: int) -> None:
        for child in element:
            path = prefix + child.tag.rpartition("}")[2]
            self.index.setdefault(path, []).append(child)
            if depth > 1 and path != "geometrie":  # geometry is searched on its own
                self._walk(element=child, prefix=path + "/", depth=depth - 1)

    def node(self, path: str) -> ET.Element | None:
        nodes = self.index.get(path)
        return nodes[0] if nodes else None

    def text(self, path: str) -> str | None:
        node = self.node(path)
        value = (node.text or "").strip() if node is not None else ""
        return value or None

    def texts(self, path: str) -> list[str]:
        return [n.text.strip() for n in self.index.get(path, ()) if n.text and n.text.strip()]

    def fail(self, path: str | None, message: str) -> BagImportError:
        node = self.node(path) if path else None
        return BagImportError(file=self.name, line=self.lines.get(node, self.line), message=message)

    def bag_id(self, path: str, object_type: str | None, *, required: bool = False) -> str | None:
        value = self.text(path)
        if value is None:
            if required:
                raise self.fail(None, f"{_short(path)} ontbreekt")
            return None
        if object_type is None:  # woonplaats: a four-digit code of its own
            if not re.fullmatch(r"[0-9]{4}", value):
                raise self.fail(path, f"ongeldige woonplaatscode {value!r}")
            return value
        try:
            return validate_bag_id(value, object_type)
        except ValidationError as error:
            raise self.fail(path, f"{error.messages[0]} ({_short(path)} {value!r})") from error

    def integer(self, path: str) -> int | None:
        value = self.text(path)
        if value is None:
            return None
        if not value.isdigit():
            raise self.fail(path, f"{_short(path)} is geen geheel getal: {value!r}")
        return int(value)

    def postcode(self, path: str) -> str:
        value = self.text(path)
        if value is None:
            return ""
        try:
            return normalise_postcode(value)
        except ValidationError as error:
            raise self.fail(path, f"{error.messages[0]} ({value!r})") from error

    def matching(self, path: str, pattern: re.Pattern[str]) -> str:
        value = self.text(path) or ""
        if value and not pattern.fullmatch(value):
            raise self.fail(path, f"ongeldige {_short(path)} {value!r}")
        return value

    def location(self) -> dict[str, float]:
        """RD point of a VBO, or the centroid of the outer ring of a polygon; with WGS84."""
        geometry = self.node("geometrie")
        if geometry is None:
            return {}
        point = geometry.find(".//{*}pos")
        ring = geometry.find(".//{*}exterior//{*}posList")
        node = point if point is not None else ring
        if node is None or not (node.text or "").strip():
            return {}
        try:
            values = [float(v) for v in node.text.split()]
        except ValueError as error:
            raise BagImportError(file=self.name, line=self.lines.get(node, self.line),
                                 message="ongeldige coördinaten in de geometrie") from error
        dimension = _dimension(geometry=geometry, node=node, count=len(values))
        vertices = [values[i:i + 2] for i in range(0, len(values) - dimension + 1, dimension)]
        if node is ring and len(vertices) > 1 and vertices[0] == vertices[-1]:
            vertices.pop()  # a ring repeats its first vertex at the end
        if not vertices:
            return {}
        x = sum(v[0] for v in vertices) / len(vertices)
        y = sum(v[1] for v in vertices) / len(vertices)
        latitude, longitude = rd_to_wgs84(x, y)
        return {"rd_x": round(x, 3), "rd_y": round(y, 3), "latitude": latitude, "longitude": longitude}


def _dimension(*, geometry: ET.Element, node: ET.Element, count: int) -> int:
    """Values per vertex: from posList count, else the srsDimension of the geometry, else 2."""
    if node.get("count", "").isdigit() and int(node.get("count")) and count % int(node.get("count")) == 0:
        return count // int(node.get("count"))
    for element in (node, *geometry.iter()):
        if element.get("srsDimension", "").isdigit():
            return int(element.get("srsDimension"))
    return 2


def _short(path: str) -> str:
    return path.rpartition("/")[2]


def _parse_object(element: ET.Element, *, name: str, lines: dict[ET.Element, int], line: int) -> BagObject | None:
    local = element.tag.rpartition("}")[2]
    if local not in OBJECT_TYPES:
        return None
    kind, type_digits = OBJECT_TYPES[local]
    fields = _Fields(element=element, name=name, lines=lines, line=line)
    bag_id = fields.bag_id("identificatie", type_digits, required=True)
    voorkomen = "voorkomen/Voorkomen/"
    rank = (
        0 if fields.text(voorkomen + "eindGeldigheid") else 1,
        fields.text(voorkomen + "beginGeldigheid") or "",
        fields.integer(voorkomen + "voorkomenidentificatie") or 0,
    )
    data: dict[str, Any] = {"status": fields.text("status") or ""}
    match kind:
        case "WPL":
            data["naam"] = fields.text("naam") or ""
        case "OPR":
            data["naam"] = fields.text("naam") or ""
            data["woonplaats"] = fields.bag_id("ligtIn/WoonplaatsRef", None)
        case "NUM":
            data["huisnummer"] = fields.integer("huisnummer")
            data["huisletter"] = fields.matching("huisletter", _HUISLETTER_RE)
            data["toevoeging"] = fields.matching("huisnummertoevoeging", _TOEVOEGING_RE)
            data["postcode"] = fields.postcode("postcode")
            data["openbare_ruimte"] = fields.bag_id("ligtAan/OpenbareRuimteRef", "30")
            data["woonplaats"] = fields.bag_id("ligtIn/WoonplaatsRef", None)
        case "PND":
            data["bouwjaar"] = fields.integer("oorspronkelijkBouwjaar")
        case "VBO" | "LIG" | "STA":
            data["hoofdadres"] = fields.bag_id("heeftAlsHoofdadres/NummeraanduidingRef", "20")
            data.update(fields.location())
            if kind == "VBO":
                data["gebruiksdoelen"] = fields.texts("gebruiksdoel")
                data["oppervlakte"] = fields.integer("oppervlakte")
                # A verblijfsobject can lie in several panden; the first listed is its building.
                data["pand"] = fields.bag_id("maaktDeelUitVan/PandRef", "10")
    return BagObject(kind=kind, bag_id=bag_id, rank=rank, data=data)
