"""What a file really is, from its first bytes: a file of the wrong kind is refused by name."""

from __future__ import annotations

import io
import zipfile

from indicators.imports.limits import ZIP_MAGIC
from indicators.imports.read.cells import file_error

SNIFF_BYTES = 8192
SAVE_AS_CSV = "Save the sheet from your spreadsheet program as 'CSV UTF-8', or upload the workbook"


def sniff(data: bytes) -> str:
    """What the file is, from its first bytes: "" for text in one byte per character."""
    head = data[:SNIFF_BYTES]
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an Excel 97-2003 workbook (.xls), which the importer does not read"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if _is_utf16(head):
        return "UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8 or Windows-1252"
    if b"\x00" in head:
        return "a binary file, not text"
    return ""


def _is_utf16(head: bytes) -> bool:
    """A UTF-16 byte order mark, or text whose every other byte is zero (UTF-16 without one)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 4:
        return False
    even, odd = pairs[0::2], pairs[1::2]
    return even.count(0) == len(even) or odd.count(0) == len(odd)


def refuse_binary(data: bytes, *, suffix: str) -> None:
    """A workbook, PDF, UTF-16 or other binary file given a text name: say what it really is."""
    kind = sniff(data)
    if kind:
        named = f"named {suffix}" if suffix else "without an extension"
        action = (
            f"{SAVE_AS_CSV} itself with its .xlsx or .ods name."
            if "UTF-16" not in kind
            else "Save it from your spreadsheet program as 'CSV UTF-8' (Comma delimited), or "
            "upload the workbook itself with its .xlsx or .ods name."
        )
        raise file_error(f"The file is {named} but it is {kind}.", action)


def refuse_other_kind(data: bytes, *, suffix: str) -> None:
    """A workbook name on something else (another kind of workbook, a PDF): say what it is."""
    kind = sniff(data)
    expected = {".xlsx": "an Excel workbook (.xlsx)", ".ods": "an OpenDocument spreadsheet"}
    if not kind or kind.startswith(expected[suffix]) or kind.startswith("a damaged zip"):
        return  # text named as a workbook, or the workbook itself: opening it tells
    raise file_error(
        f"The file is named {suffix} but it is {kind}.",
        f"Give the file the name its kind has, or save it again from your spreadsheet program "
        f"as {expected[suffix]}.",
    )


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "a damaged zip archive"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "content.xml" in names:
        return "an OpenDocument spreadsheet (.ods)"
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    return "a zip archive"
