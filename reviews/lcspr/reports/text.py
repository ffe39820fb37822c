"""The text of a report, read with the standard library only: a Word (.docx) file's parts
(word/document.xml, its headers, footers, footnotes, endnotes and comments), and a PDF's
text operators, decoded through each font's ToUnicode map (compressed streams, object
streams and the CID fonts WeasyPrint and Word write included). Enough for the redaction
check to find names: not a general PDF reader. What cannot be read gives "", which the
check treats as something a person must look at."""

import re
import zipfile
import zlib
from typing import Any, BinaryIO
from xml.etree import ElementTree

# A report is a few megabytes: a part that inflates to more is refused, not read.
MAX_INFLATED = 64 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)"
                        r"\.xml")


def report_text(file: BinaryIO, content_type: str) -> str:
    """The text of the file, or "" when none can be read."""
    file.seek(0)
    try:
        if content_type == "application/pdf":
            return pdf_text(file.read())
        if content_type.endswith("wordprocessingml.document"):
            return docx_text(file)
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, zlib.error, OSError):
        return ""
    finally:
        file.seek(0)
    return ""


def docx_text(file: BinaryIO) -> str:
    """Each paragraph of the Word file's text parts on a line, the runs joined (Word splits a
    name across runs for its spelling marks)."""
    paragraphs = []
    with zipfile.ZipFile(file) as package:
        for info in package.infolist():
            if not WORD_PARTS.fullmatch(info.filename):
                continue
            if info.file_size > MAX_INFLATED:
                raise ValueError("A part of the Word file is too large to read")
            part = package.read(info)
            # Word writes no document type: a part declaring one (entities that expand, a
            # file to fetch) is refused before it is parsed, so nothing untrusted expands.
            if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                raise ValueError("The Word file declares a document type")
            root = ElementTree.fromstring(part)  # noqa: S314 (no DTD: refused above)
            for paragraph in root.iter(f"{W}p"):
                words = []
                for node in paragraph.iter():
                    if node.tag == f"{W}t" and node.text:
                        words.append(node.text)
                    elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                        words.append(" ")
                paragraphs.append("".join(words))
    return "\n".join(paragraphs)


# PDF: a small tokenizer and parser of PDF objects.

TOKEN = re.compile(rb"""
    (?P<ws>(?:\s|%[^\r\n]*)+)
  | (?P<dict><<|>>)
  | (?P<array>[\[\]{}])
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<name>/[^\s/<>\[\]()%{}]*)
  | (?P<str>\()
  | (?P<word>[^\s/<>\[\]()%{}]+)
""", re.X)


class Ref(tuple):
    """An indirect reference: (object number, generation)."""


class Op(str):
    """An operator of a content stream (or a keyword such as ``R`` or ``obj``)."""


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """A (literal string) from after its opening parenthesis: its bytes, and where it ends."""
    out, depth, i = bytearray(), 1, start
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
               ord("f"): b"\f"}
    while i < len(data):
        c = data[i]
        if c == 0x5C and i + 1 < len(data):  # backslash
            nxt = data[i + 1]
            if nxt in escapes:
                out += escapes[nxt]
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                assert digits is not None
                out.append(int(digits.group(), 8) & 0xFF)
                i += 1 + len(digits.group())
            elif nxt in (0x0D, 0x0A):
                i += 3 if data[i + 1:i + 3] == b"\r\n" else 2
            else:
                out.append(nxt)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def tokens(data: bytes, start: int = 0):
    """The tokens of PDF syntax: numbers, names ("/Font"), strings (bytes), operators."""
    i = start
    while i < len(data):
        match = TOKEN.match(data, i)
        if match is None:
            i += 1
            continue
        kind, text = match.lastgroup, match.group()
        i = match.end()
        if kind == "ws":
            continue
        if kind == "str":
            value, i = _literal(data, i)
            yield "str", value, i
        elif kind == "hex":
            digits = re.sub(rb"\s", b"", text[1:-1])
            yield "str", bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()), i
        elif kind == "word":
            try:
                yield "num", float(text) if b"." in text else int(text), i
            except ValueError:
                yield "op", Op(text.decode("latin-1")), i
        else:
            yield kind, text.decode("latin-1"), i


def parse(data: bytes, start: int = 0) -> list[Any]:
    """Every object in ``data`` in order, operators included; references folded as Ref."""
    stack: list[list[Any]] = [[]]
    for kind, value, _end in tokens(data, start):
        if kind in ("dict", "array"):
            if value in ("<<", "["):
                stack.append([])
                continue
            if len(stack) == 1:
                continue
            items = stack.pop()
            if value == ">>":
                stack[-1].append({items[k]: items[k + 1] for k in range(0, len(items) - 1, 2)
                                  if isinstance(items[k], str) and items[k].startswith("/")})
            else:
                stack[-1].append(items)
        elif kind == "op" and value == "R" and len(stack[-1]) >= 2 and all(
                isinstance(x, int) for x in stack[-1][-2:]):
            generation = stack[-1].pop()
            stack[-1].append(Ref((stack[-1].pop(), generation)))
        else:
            stack[-1].append(value)
    while len(stack) > 1:
        items = stack.pop()
        stack[-1].append(items)
    return stack[0]


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError("A stream of the PDF is too large to read")
    return out


OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


def _objects(data: bytes) -> dict[int, tuple[Any, bytes | None]]:
    """Every object of the file: its value and, for a stream, its decoded bytes."""
    found: dict[int, tuple[Any, bytes | None]] = {}
    for match in OBJECT.finditer(data):
        number = int(match.group(1))
        end = data.find(b"endobj", match.end())
        if end < 0:
            continue
        body = data[match.end():end]
        stream_at = re.search(rb"stream\r?\n", body)
        if stream_at and b">>" in body[:stream_at.start()]:
            head = parse(body[:stream_at.start()])
            value = head[0] if head else {}
            raw = body[stream_at.end():]
            length = value.get("/Length") if isinstance(value, dict) else None
            raw = raw[:length] if isinstance(length, int) else raw[:raw.rfind(b"endstream")]
            found[number] = (value, _decoded(value, raw))
        else:
            parsed = parse(body)
            found[number] = (parsed[0] if parsed else None, None)
    for value, stream in list(found.values()):
        if isinstance(value, dict) and value.get("/Type") == "/ObjStm" and stream:
            _unpack_object_stream(value, stream, found)
    return found


def _decoded(value: Any, raw: bytes) -> bytes | None:
    filters = value.get("/Filter") if isinstance(value, dict) else None
    filters = filters if isinstance(filters, list) else [filters] if filters else []
    if filters == ["/FlateDecode"]:
        return _inflate(raw)
    return raw if not filters else None


def _unpack_object_stream(value: dict, stream: bytes, found: dict) -> None:
    first, count = value.get("/First", 0), value.get("/N", 0)
    header = parse(stream[:first])
    for k in range(min(count, len(header) // 2)):
        number, offset = header[2 * k], header[2 * k + 1]
        parsed = parse(stream, first + offset)
        if parsed and number not in found:
            found[number] = (parsed[0], None)


def _resolve(value: Any, objects: dict) -> Any:
    seen = 0
    while isinstance(value, Ref) and seen < 32:
        value = objects.get(value[0], (None, None))[0]
        seen += 1
    return value


def _cmap(data: bytes) -> tuple[dict[bytes, str], int]:
    """A ToUnicode CMap: each code's text, and the width of its codes in bytes."""
    mapping: dict[bytes, str] = {}
    width = 1
    for block in re.finditer(rb"begincodespacerange(.*?)endcodespacerange", data, re.S):
        codes = [v for v in parse(block.group(1)) if isinstance(v, bytes)]
        if codes:
            width = max(len(code) for code in codes)

    def text(value: bytes) -> str:
        return value.decode("utf-16-be", "replace")

    for block in re.finditer(rb"beginbfchar(.*?)endbfchar", data, re.S):
        values = [v for v in parse(block.group(1)) if isinstance(v, bytes)]
        for code, target in zip(values[::2], values[1::2], strict=False):
            mapping[code] = text(target)
    for block in re.finditer(rb"beginbfrange(.*?)endbfrange", data, re.S):
        values = parse(block.group(1))
        for k in range(0, len(values) - 2, 3):
            low, high, target = values[k], values[k + 1], values[k + 2]
            if not (isinstance(low, bytes) and isinstance(high, bytes)):
                continue
            start, stop = int.from_bytes(low, "big"), int.from_bytes(high, "big")
            for index, code in enumerate(range(start, min(stop, start + 65535) + 1)):
                key = code.to_bytes(len(low), "big")
                if isinstance(target, list):
                    if index < len(target) and isinstance(target[index], bytes):
                        mapping[key] = text(target[index])
                elif isinstance(target, bytes):
                    base = int.from_bytes(target, "big") + index
                    mapping[key] = text(base.to_bytes(max(len(target), 2), "big"))
    return mapping, width


class _Font:
    def __init__(self, font: Any, objects: dict) -> None:
        self.mapping: dict[bytes, str] = {}
        self.width = 1
        font = _resolve(font, objects)
        if not isinstance(font, dict):
            return
        to_unicode = font.get("/ToUnicode")
        if isinstance(to_unicode, Ref):
            stream = objects.get(to_unicode[0], (None, None))[1]
            if stream:
                self.mapping, self.width = _cmap(stream)
        if font.get("/Subtype") == "/Type0":
            self.width = 2

    def decode(self, data: bytes) -> str:
        if not self.mapping:
            if self.width == 2:
                return ""
            return data.decode("cp1252", "replace")
        return "".join(self.mapping.get(data[i:i + self.width], "")
                       for i in range(0, len(data), self.width))


def _page_fonts(page: dict, objects: dict, pages: dict) -> dict[str, _Font]:
    resources = _resolve(page.get("/Resources"), objects)
    parent = page
    while not isinstance(resources, dict) and isinstance(parent, dict) and parent.get(
            "/Parent"):
        parent = _resolve(parent["/Parent"], objects)
        resources = _resolve(parent.get("/Resources"), objects) if isinstance(
            parent, dict) else None
    fonts = _resolve(resources.get("/Font"), objects) if isinstance(resources, dict) else None
    if not isinstance(fonts, dict):
        return {}
    made = {}
    for name, font in fonts.items():
        key = font[0] if isinstance(font, Ref) else id(font)
        if key not in pages:
            pages[key] = _Font(font, objects)
        made[name] = pages[key]
    return made


def _show(content: bytes, fonts: dict[str, _Font]) -> str:
    """The text a content stream shows, a space where it moves on, a line per text block."""
    out: list[str] = []
    operands: list[Any] = []
    font = _Font(None, {})
    for value in parse(content):
        if not isinstance(value, Op):
            operands.append(value)
            continue
        if value == "Tf" and len(operands) >= 2 and isinstance(operands[-2], str):
            font = fonts.get(operands[-2], font)
        elif value in ("Tj", "'", '"') and operands and isinstance(operands[-1], bytes):
            if value != "Tj":
                out.append("\n")
            out.append(font.decode(operands[-1]))
        elif value == "TJ" and operands and isinstance(operands[-1], list):
            for item in operands[-1]:
                if isinstance(item, bytes):
                    out.append(font.decode(item))
                elif isinstance(item, (int, float)) and item < -200:
                    out.append(" ")
        elif value in ("Td", "TD", "T*", "Tm"):
            out.append(" ")
        elif value == "ET":
            out.append("\n")
        operands = []
    return "".join(out)


def pdf_text(data: bytes) -> str:
    """The text of each page of the PDF, in page order as far as the file keeps it."""
    objects = _objects(data)
    cache: dict = {}
    texts = []
    for number in sorted(objects):
        value, _stream = objects[number]
        if not (isinstance(value, dict) and value.get("/Type") == "/Page"):
            continue
        fonts = _page_fonts(value, objects, cache)
        contents = value.get("/Contents")
        contents = contents if isinstance(contents, list) else [contents]
        for content in contents:
            if isinstance(content, Ref):
                stream = objects.get(content[0], (None, None))[1]
                if stream:
                    texts.append(_show(stream, fonts))
    return "\n".join(texts)
