"""Bad input: each kind of file that cannot be read as a contract gets its own specific reason
(the text that lands in quarantine.rejected_files), and none of them hangs the reader.

The files are made here, in the test, from their definition (an encrypted PDF with a user password,
a 300-page PDF, a Word file renamed .pdf, ...); the expected reasons are written out by hand.
"""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from fpdf import FPDF

from contractops.generate.pdf_render import write_corrupt_pdf
from extractors import contract_pdf
from extractors.contract_pdf import UnreadablePdf, extract_contract_pdf, extract_many


def _pdf(pages: int = 1, **encryption) -> FPDF:
    doc = FPDF()
    if encryption:
        doc.set_encryption(**encryption)
    doc.set_font("helvetica", size=11)
    for i in range(pages):
        doc.add_page()
        doc.cell(text=f"Agreement No. BI-2025-{i:03d}   Page {i + 1}")
    return doc


def _cpu_seconds() -> float:
    """CPU of this process and its children (tesseract): what turning a file away costs, which a
    loaded machine does not change the way it changes wall time."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _reason(path) -> str:
    started = _cpu_seconds()
    with pytest.raises(UnreadablePdf) as err:
        extract_contract_pdf(path)
    assert _cpu_seconds() - started < 10, "a bad file must be turned away quickly"
    return str(err.value)


def test_corrupt_pdf_truncated_after_its_header(tmp_path):
    data = bytes(_pdf(2).output())
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert _reason(tmp_path / "cut.pdf").startswith("corrupt PDF: ")


def test_encrypted_pdf_that_needs_a_password(tmp_path):
    _pdf(owner_password="owner", user_password="s3cret").output(str(tmp_path / "locked.pdf"))
    assert _reason(tmp_path / "locked.pdf") == \
        "encrypted PDF: it needs a password to open (send an unprotected copy)"


def test_a_pdf_encrypted_only_against_editing_is_read(tmp_path):
    # an owner password alone (no user password) restricts editing, not reading: the terms are read
    _pdf(owner_password="owner").output(str(tmp_path / "restricted.pdf"))
    res = extract_contract_pdf(tmp_path / "restricted.pdf")
    assert "BI-2025-000" in res.pages[0]


def test_a_300_page_pdf_is_turned_away_before_it_is_read(tmp_path):
    _pdf(300).output(str(tmp_path / "long.pdf"))
    assert _reason(tmp_path / "long.pdf") == (
        "too many pages: 300 (a contract is read up to 200 pages; "
        "split off the annexes or land the terms as YAML)")


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Agreement No. X</w:document>")
    return buf.getvalue()


@pytest.mark.parametrize("data, what", [
    (_docx_bytes(), "a ZIP archive (a Word/Excel .docx/.xlsx?)"),
    (b"<!DOCTYPE html><html><body>Please log in</body></html>",
     "an HTML page (a login or error page saved instead of the document?)"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(200), "a JPEG image"),
    (b"Agreement No. 42\nThe Provider shall respond within one hour.\n", "plain text"),
    (bytes(range(256)) * 8, "unrecognised binary data"),
])
def test_a_file_renamed_pdf_says_what_it_is(tmp_path, data, what):
    (tmp_path / "renamed.pdf").write_bytes(data)
    assert _reason(tmp_path / "renamed.pdf") == f"not a PDF: the file is {what}, named .pdf"


def test_an_empty_file(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert _reason(tmp_path / "empty.pdf") == \
        "empty file: 0 bytes of content (an interrupted copy or download?)"


def test_a_pdf_with_blank_pages_and_no_image(tmp_path):
    doc = FPDF()
    doc.add_page()
    doc.add_page()
    doc.output(str(tmp_path / "blank.pdf"))
    assert _reason(tmp_path / "blank.pdf") == "no text layer and no page image: blank PDF"


@pytest.mark.skipif(not contract_pdf.ocr_available(), reason="tesseract is not installed")
def test_an_image_only_pdf_whose_image_is_blank(tmp_path):
    from PIL import Image
    Image.new("L", (850, 1100), 255).save(tmp_path / "scan.pdf", "PDF", resolution=100.0)
    assert _reason(tmp_path / "scan.pdf") == \
        "image-only PDF with no legible text (blank or unreadable scan)"


@pytest.mark.parametrize("seed", range(8))
def test_the_generators_corrupt_files_get_the_reason_of_their_kind(tmp_path, seed):
    write_corrupt_pdf(tmp_path / "bad.pdf", seed)
    data = (tmp_path / "bad.pdf").read_bytes()
    expected = ("empty file: " if not data else "corrupt PDF: " if data.startswith(b"%PDF-")
                else "not a PDF: the file is ")
    assert _reason(tmp_path / "bad.pdf").startswith(expected)


def test_every_reason_reaches_the_rejected_list_of_a_batch_and_a_hang_is_stopped(tmp_path, monkeypatch):
    # extract_many is what the contracts asset turns into quarantine.rejected_files rows
    folder = tmp_path / "in"
    folder.mkdir()
    _pdf(owner_password="o", user_password="u").output(str(folder / "a_locked.pdf"))
    _pdf(300).output(str(folder / "b_long.pdf"))
    (folder / "c_word.pdf").write_bytes(_docx_bytes())
    _pdf(1).output(str(folder / "d_hangs.pdf"))
    real = contract_pdf.extract_contract_pdf

    def slow_on_d(path, *args):
        if path.name == "d_hangs.pdf":
            time.sleep(60)  # a reader stuck on one document
        return real(path, *args)

    monkeypatch.setattr(contract_pdf, "extract_contract_pdf", slow_on_d)
    monkeypatch.setattr(contract_pdf, "PDF_SECONDS_PER_DOCUMENT", 8)
    started = time.monotonic()
    out = extract_many(sorted(folder.glob("*.pdf")), tmp_path / "cache", workers=2)
    assert time.monotonic() - started < 45  # killed at 8 s, not waited on for 60
    assert {p.name: str(r).split(":")[0] for p, r in out.items()} == {
        "a_locked.pdf": "encrypted PDF", "b_long.pdf": "too many pages",
        "c_word.pdf": "not a PDF", "d_hangs.pdf": "reading stopped"}
    assert str(out[folder / "d_hangs.pdf"]) == "reading stopped: took longer than 8 s"
