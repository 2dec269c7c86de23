"""The text of a PDF this product rendered (WeasyPrint), for tests that check what a
downloaded document says, without a PDF library or a command-line tool.

Why: the board report's acceptance test must read the PDF's words, and the machines that
run the suite have neither pdftotext nor a PDF package. WeasyPrint writes each page's text
as glyph codes (`<0012002f> Tj`, or arrays for `TJ`) in Flate-compressed content streams,
and each font carries a ToUnicode map from codes to characters; reading those two is enough
for our own documents. Not a general PDF reader: no encryption, no object streams' text,
no layout beyond a space between text runs and a line break between text lines.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_FONT_USE = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf")
_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_FONT_RESOURCE = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R")


def _streams(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Every object's dictionary and its (inflated) stream, by object number."""
    out: dict[int, tuple[bytes, bytes]] = {}
    for number, body in _OBJECT.findall(pdf):
        found = _STREAM.search(body)
        data = b""
        if found:
            data = found.group(1)
            if b"/FlateDecode" in body[: found.start()]:
                try:
                    data = zlib.decompress(data)
                except zlib.error:
                    data = b""
        head = body[: found.start()] if found else body
        out[int(number)] = (head, data)
    # Objects kept compressed inside object streams (fonts and resources, as WeasyPrint
    # writes them): "number offset" pairs, then the objects from /First on.
    for head, data in list(out.values()):
        if b"/ObjStm" not in head:
            continue
        first = re.search(rb"/First\s+(\d+)", head)
        if first is None:
            continue
        start = int(first.group(1))
        pairs = data[:start].split()
        numbers = [int(n) for n in pairs[::2]]
        offsets = [int(o) for o in pairs[1::2]] + [len(data) - start]
        for index, number in enumerate(numbers):
            body = data[start + offsets[index] : start + offsets[index + 1]]
            out.setdefault(number, (body, b""))
    return out


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode map: bfchar pairs and bfrange runs (start, end, first character)."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(code, 16)] = _utf16(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        values = _HEX.findall(block)
        for start, end, first in zip(values[::3], values[1::3], values[2::3], strict=False):
            base = _utf16(first)
            for offset in range(int(end, 16) - int(start, 16) + 1):
                mapping[int(start, 16) + offset] = base[:-1] + chr(ord(base[-1]) + offset)
    return mapping


def _utf16(hex_text: bytes) -> str:
    raw = bytes.fromhex(re.sub(rb"\s", b"", hex_text).decode())
    return raw.decode("utf-16-be", errors="replace") if raw else ""


def pdf_text(pdf: bytes) -> str:
    """The words of every page, in the order they are drawn."""
    objects = _streams(pdf)
    # Each font's map from glyph codes to characters, by the font's object number.
    font_maps: dict[int, dict[int, str]] = {}
    for number, (head, _) in objects.items():
        found = _TO_UNICODE.search(head)
        if found and int(found.group(1)) in objects:
            font_maps[number] = _cmap(objects[int(found.group(1))][1])
    # Resource names (/KTGASA) to fonts: any "/Name N 0 R" naming a font with a map (the
    # /Font dictionary is written inline or as an object of its own).
    names: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        for name, number in _FONT_RESOURCE.findall(head):
            if int(number) in font_maps and name not in (b"ToUnicode", b"DescendantFonts"):
                names[name] = font_maps[int(number)]
    lines: list[str] = []
    for _, data in objects.values():
        if b"BT" not in data or b"Tf" not in data:
            continue
        current: dict[int, str] = {}
        for block in re.findall(rb"BT(.*?)ET", data, re.S):
            words: list[str] = []
            for token in re.finditer(
                rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj",
                block,
                re.S,
            ):
                if token.group(1):
                    current = names.get(token.group(1), {})
                    continue
                codes = _HEX.findall(token.group(2) or b"") if token.group(2) else [token.group(3)]
                words.append("".join(_decode(code, current) for code in codes))
            if words:
                lines.append(" ".join(words))
    return "\n".join(lines)


def _decode(hex_codes: bytes, mapping: dict[int, str]) -> str:
    """Two-byte glyph codes (Identity-H, as WeasyPrint writes them) through the font's map."""
    clean = re.sub(rb"\s", b"", hex_codes).decode()
    return "".join(mapping.get(int(clean[i : i + 4], 16), "") for i in range(0, len(clean), 4))
