import hashlib
from pathlib import Path

import pdfplumber
import pytest

from contractops.generate import AS_OF, generate_landing_zone


def _digest(root: Path, suffixes=(".csv", ".jsonl", ".json", ".yaml")) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.suffix in suffixes}


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_same_seed_gives_identical_files_and_pdf_text(tiny_dir, tmp_path):
    generate_landing_zone(tmp_path, scale="tiny", seed=11)
    first, second = _digest(tiny_dir), _digest(tmp_path)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    pdfs = sorted((tiny_dir / "landing" / "contracts").glob("*.pdf"))
    assert pdfs, "tiny scale renders contract PDFs"
    for p in pdfs[:12]:
        try:
            a = _pdf_text(p)
        except Exception:       # the corrupt file: it must be corrupt both times
            with pytest.raises(Exception):
                _pdf_text(tmp_path / "landing" / "contracts" / p.name)
            continue
        assert a == _pdf_text(tmp_path / "landing" / "contracts" / p.name)


def test_other_seed_gives_other_data(tiny_dir, tmp_path):
    generate_landing_zone(tmp_path, scale="tiny", seed=12)
    a = (tiny_dir / "landing" / "clients.csv").read_bytes()
    b = (tmp_path / "landing" / "clients.csv").read_bytes()
    assert a != b


def test_reference_instant_is_fixed_and_recorded(tiny):
    assert tiny.manifest["as_of"] == "2026-11-16T15:00:00Z"
    assert tiny.as_of == AS_OF
    assert tiny.manifest["seed"] == 11 and tiny.manifest["scale"] == "tiny"


@pytest.mark.slow
def test_demo_scale_is_deterministic(demo_run, tmp_path):
    generate_landing_zone(tmp_path, scale="demo", seed=7)
    first, second = _digest(demo_run[0]), _digest(tmp_path)
    assert [k for k in first if first[k] != second.get(k)] == []


def test_chunked_exports_equal_whole_table_exports(tiny_dir, tmp_path, monkeypatch):
    """The exports are formatted and written CHUNK_ROWS rows at a time, merged with the bad rows
    and superseded duplicates. At tiny scale the default chunk holds every row (the whole-table
    write); 97-row chunks must give the same bytes."""
    from contractops.generate import writer

    assert writer.CHUNK_ROWS > 10_000          # tiny: one chunk per file by default
    monkeypatch.setattr(writer, "CHUNK_ROWS", 97)
    generate_landing_zone(tmp_path, scale="tiny", seed=11)
    first, second = _digest(tiny_dir, (".csv", ".jsonl")), _digest(tmp_path, (".csv", ".jsonl"))
    assert first.keys() == second.keys()
    lines = sum(1 for _ in (tmp_path / "landing" / "timesheets_2026.csv").open())
    assert lines > 3 * 97                      # several chunks really were written
    assert [k for k in first if first[k] != second[k]] == []
