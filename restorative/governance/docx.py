"""A Word document's text, read with the standard library (zipfile + ElementTree).

Only the words are needed (for the language checker), so the document's paragraphs are read
from `word/document.xml`; nothing else in the file is opened. A file that is not a Word
document (not a zip, no document part, broken XML, or too large once unpacked) raises
`NotADocx` with a message for the person who uploaded it.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The unpacked document part is read whole: refuse one that would unpack to more than this.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024

NOT_A_DOCX = "The file must be a Word document (.docx) or plain text (.txt)"


class NotADocx(ValueError):
    """The upload is not a readable Word document."""


def docx_text(data: bytes) -> str:
    """The document's paragraphs, one per line (tabs and breaks kept as spaces/new lines)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_UNPACKED_BYTES:
                raise NotADocx("The Word document is too large to read")
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise NotADocx(NOT_A_DOCX) from exc
    # A Word document never declares a DTD; refusing one rules out entity expansion (the
    # "billion laughs") and external entities, the attacks defusedxml guards against.
    if b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        raise NotADocx(NOT_A_DOCX)
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (checked above)
    except ElementTree.ParseError as exc:
        raise NotADocx(NOT_A_DOCX) from exc
    paragraphs: list[str] = []
    for paragraph in root.iter(f"{W}p"):
        parts: list[str] = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip()


def upload_text(name: str, data: bytes) -> str:
    """The text of an uploaded procedure: a .docx read as above, a .txt as UTF-8."""
    lower = name.lower()
    if lower.endswith(".docx"):
        return docx_text(data)
    if lower.endswith(".txt"):
        try:
            return data.decode("utf-8-sig").strip()
        except UnicodeDecodeError as exc:
            raise NotADocx("The text file must be saved as UTF-8") from exc
    raise NotADocx(NOT_A_DOCX)
