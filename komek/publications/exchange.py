"""A material's segments in the files translators' tools read and write: XLIFF 1.2 and
PO, through the Translate Toolkit.

The unit id (XLIFF ``id``, PO ``msgctxt``) is the segment's key and the unit carries the
source text it was exported with. An import is checked whole before anything is written
(``check``): a malformed file, a wrong encoding, an unknown or repeated id, a source that
changed since the export — each is named, and the file is refused (``ImportRefused``)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage import po, xliff
from translate.storage.poparser import PoParseError

from komek.publications.models import Material, Segment, State, Translation

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_EXTENSIONS = (".xlf", ".xliff", ".xml")
PO_EXTENSIONS = (".po", ".pot")
XML_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
PO_DECLARED_ENCODING = re.compile(rb"charset=([A-Za-z0-9._-]+)")
UTF8_BOM = b"\xef\xbb\xbf"


class Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF_12


class Xliff12File(xliff.xlifffile):
    """The Toolkit's XLIFF store, writing version 1.2 (it writes 1.1 by default)."""

    UnitClass = Xliff12Unit
    namespace = XLIFF_12
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{XLIFF_12}">
<file original="NoName" source-language="ru" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


class ImportRefused(Exception):
    """A translated file that cannot be imported, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Unit:
    id: str
    source: str
    target: str
    fuzzy: bool = False
    line: int | None = None


class Units(list):
    """The units of a file, and the target language it declares ("" if none)."""

    language: str = ""


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def _exported(material: Material, language: str) -> list[tuple[Segment, Translation | None]]:
    translations = {
        t.segment_id: t
        for t in Translation.objects.filter(segment__material=material, language=language)
    }
    return [
        (segment, translations.get(segment.pk))
        for segment in material.segments.order_by("position")
    ]


def _outdated(segment: Segment, translation: Translation) -> bool:
    return translation.state == State.OUTDATED or translation.source_version != segment.version


def export_xliff(material: Material, language: str) -> bytes:
    """The material's segments and their current ``language`` text as XLIFF 1.2."""
    store = Xliff12File(sourcelanguage=material.source_language, targetlanguage=language)
    store.switchfile(material.slug, createifmissing=True)
    for segment, translation in _exported(material, language):
        unit = store.addsourceunit(segment.source, filename=material.slug)
        unit.setid(segment.key)
        unit.addnote(segment.kind, origin="developer")
        if translation is not None and translation.text:
            unit.settarget(translation.text, lang=language)
            if _outdated(segment, translation):
                unit.markfuzzy(True)
            else:
                unit.markapproved(translation.state == State.APPROVED)
    return bytes(store)


def export_po(material: Material, language: str) -> bytes:
    """The material's segments and their current ``language`` text as PO, one entry per
    segment with its key as ``msgctxt``."""
    store = po.pofile()
    store.updateheader(add=True, Language=language, X_Komek_Material=material.slug)
    for segment, translation in _exported(material, language):
        unit = store.addsourceunit(segment.source)
        unit.setcontext(segment.key)
        unit.addnote(segment.kind, origin="developer")
        if translation is not None and translation.text:
            unit.target = translation.text
            if _outdated(segment, translation) or translation.state != State.APPROVED:
                unit.markfuzzy(True)
    return bytes(store)


def _first_bad_line(content: bytes, encoding: str) -> int:
    for number, line in enumerate(content.split(b"\n"), start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return 1


def _encoding_problem(content: bytes, declared: re.Match | None) -> str | None:
    encoding = declared.group(1).decode() if declared else "utf-8"
    try:
        content.decode(encoding)
    except LookupError:
        return _("The file declares an unknown encoding %(encoding)s: save it as UTF-8.") % {
            "encoding": encoding
        }
    except UnicodeDecodeError:
        return _(
            "The file is not in the %(encoding)s encoding it declares (line %(line)s): "
            "save it as UTF-8."
        ) % {"encoding": encoding, "line": _first_bad_line(content, encoding)}
    return None


def _normalised(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n")


def _parse_xliff(content: bytes) -> Units:
    problem = _encoding_problem(content, XML_DECLARED_ENCODING.match(content))
    if problem:
        raise ImportRefused([problem])
    try:
        store = xliff.xlifffile(content)
    except etree.XMLSyntaxError as error:
        raise ImportRefused(
            [_("The file is not well-formed XML: %(error)s.") % {"error": error}]
        ) from error
    except ValueError as error:
        problem = _("The file is not XLIFF 1.2: %(error)s") % {"error": error}
        raise ImportRefused([problem]) from error
    except StopIteration:
        raise ImportRefused([_("The file is not XLIFF 1.2: it has no <file> element.")]) from None
    units = Units(
        Unit(
            id=unit.xmlelement.get("id") or "",
            source=_normalised(unit.source),
            target=_normalised(unit.target),
            fuzzy=unit.isfuzzy(),
            line=unit.xmlelement.sourceline,
        )
        for unit in store.units
        if not unit.isheader()
    )
    units.language = store.gettargetlanguage() or ""
    return units


def _parse_po(content: bytes) -> Units:
    problem = _encoding_problem(content, PO_DECLARED_ENCODING.search(content))
    if problem:
        raise ImportRefused([problem])
    try:
        store = po.pofile(content)
    except (PoParseError, ValueError) as error:
        raise ImportRefused(
            [_("The file is not a readable PO file: %(error)s") % {"error": error}]
        ) from error
    units = Units(
        Unit(
            id=unit.getcontext() or "",
            source=_normalised(unit.source),
            target=_normalised(unit.target),
            fuzzy=unit.isfuzzy(),
        )
        for unit in store.units
        if not unit.isheader()
    )
    units.language = store.gettargetlanguage() or ""
    return units


def parse(content: bytes, file_name: str) -> Units:
    """The units of an XLIFF or PO file (told apart by its name, or by its first
    character); ``ImportRefused`` if it cannot be read."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    name = file_name.lower()
    if name.endswith(PO_EXTENSIONS):
        return _parse_po(content)
    if name.endswith(XLIFF_EXTENSIONS) or content.lstrip().startswith(b"<"):
        return _parse_xliff(content)
    raise ImportRefused(
        [_("%(name)s is neither an XLIFF (.xlf) nor a PO (.po) file.") % {"name": file_name}]
    )


def _where(unit: Unit) -> str:
    return _(" (line %(line)s)") % {"line": unit.line} if unit.line else ""


def check(units: Units, segments: dict[str, Segment], language: str = "") -> None:
    """Refuse the file, naming each problem, unless every unit names a segment of the
    material once, with the source text the segment has now."""
    problems = []
    if language and units.language and units.language != language:
        problems.append(
            _("The file is a translation into %(file)s, not %(language)s.")
            % {"file": units.language, "language": language}
        )
    counts = Counter(unit.id for unit in units)
    for unit in units:
        if not unit.id:
            problems.append(_("A unit has no id%(where)s.") % {"where": _where(unit)})
        elif counts[unit.id] > 1:
            problems.append(
                _("Segment %(id)s appears %(count)s times in the file%(where)s.")
                % {"id": unit.id, "count": counts[unit.id], "where": _where(unit)}
            )
        elif unit.id not in segments:
            problems.append(
                _("Unknown segment id %(id)s%(where)s: the material has no such segment.")
                % {"id": unit.id, "where": _where(unit)}
            )
        elif unit.source != segments[unit.id].source:
            problems.append(
                _(
                    "Segment %(id)s: its source text changed since the file was exported; "
                    "export the file again and translate the new text."
                )
                % {"id": unit.id}
            )
    if not units:
        problems.append(_("The file has no segments."))
    if problems:
        raise ImportRefused(list(dict.fromkeys(problems)))
