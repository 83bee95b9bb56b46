"""The zip-bomb guard for .docx readers: refused from the directory, or while streaming, never held."""

from __future__ import annotations

import zipfile

import pytest

from argmap.limits import ZipTooLarge, check_zip


def make_zip(path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_ordinary_document_passes(tmp_path):
    make_zip(tmp_path / "d.docx", {"word/document.xml": b"<w:document>" + b"text " * 2000 + b"</w:document>"})
    check_zip(tmp_path / "d.docx")


def test_a_bomb_is_refused_from_its_declared_size(tmp_path):
    make_zip(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (3 * 2**20)})
    with pytest.raises(ZipTooLarge, match="decompresses to 3 MiB; argmap reads documents up to 2 MiB"):
        check_zip(tmp_path / "bomb.docx", max_bytes=2 * 2**20)


def test_a_part_expanding_far_beyond_its_compressed_size_is_a_zip_bomb(tmp_path):
    make_zip(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (8 * 2**20)})
    # 8 MiB of zeros compress to some 8 KB: under the size limit, but no document expands 1000 times.
    with pytest.raises(ZipTooLarge, match="zip bomb"):
        check_zip(tmp_path / "bomb.docx", max_bytes=64 * 2**20)


def test_too_many_parts_are_refused(tmp_path):
    make_zip(tmp_path / "many.docx", {f"p{i}.xml": b"x" for i in range(30)})
    with pytest.raises(ZipTooLarge, match="30 parts; argmap reads at most 20"):
        check_zip(tmp_path / "many.docx", max_parts=20)


def test_not_a_zip_is_bad_zip(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"not a zip")
    with pytest.raises(zipfile.BadZipFile):
        check_zip(tmp_path / "x.docx")
