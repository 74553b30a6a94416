"""Hostile zips are refused before anything is installed; good ones unpack
atomically."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.test import override_settings

from modules.packages.archive import (
    PackageRefused,
    archive_extract,
    package_file_read,
)
from modules.packages.manifests import ManifestInvalid
from tests.modules.packages.factories import PACKAGES, zip_bytes

GOOD = PACKAGES["scorm12"]


def check(data: bytes):
    return package_file_read(io.BytesIO(data))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.html", "zip slip"),
        ("content/../../evil.html", "zip slip"),
        ("/etc/cron.d/evil", "absolute path"),
        ("C:/Windows/evil.html", "absolute path"),
        ("content\\..\\..\\evil.html", "backslash"),
    ],
)
def test_zip_slip_and_absolute_paths_are_refused(name, message):
    with pytest.raises(PackageRefused, match=message):
        check(zip_bytes({**GOOD, name: b"x"}))


def test_a_symbolic_link_is_refused():
    data = zip_bytes(GOOD, symlinks={"secrets": "/etc/passwd"})
    with pytest.raises(PackageRefused, match="symbolic link.*'secrets'"):
        check(data)


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(PackageRefused, match="not a zip archive"):
        check(b"%PDF-1.7 this is a PDF")


@override_settings(CRYSTAL_PACKAGE_MAX_BYTES=1024 * 1024)
def test_a_zip_bomb_is_refused_by_the_sizes_in_its_headers():
    # 2 MB of zeros deflate to a few kilobytes: the upload is tiny.
    data = zip_bytes({**GOOD, "media/zeros.bin": bytes(2 * 1024 * 1024)})
    assert len(data) < 20_000
    with pytest.raises(PackageRefused, match="over 1 MB uncompressed"):
        check(data)


def _lying_header(data: bytes, name: str, claimed: int) -> bytes:
    """The zip with `name`'s uncompressed size in both headers set to `claimed`."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                struct.pack_into("<I", data, at + offset, claimed)
            at += 4
    return bytes(data)


def test_a_member_bigger_than_its_header_says_is_refused_while_extracting(tmp_path):
    data = _lying_header(
        zip_bytes({**GOOD, "media/zeros.bin": bytes(300_000)}), "media/zeros.bin", 10
    )
    check(data)  # the headers alone look harmless
    destination = tmp_path / "package"
    with pytest.raises(PackageRefused, match="damaged|zip bomb"):
        archive_extract(io.BytesIO(data), destination)
    assert not destination.exists()
    assert list(tmp_path.iterdir()) == []  # the temporary folder is gone too


@override_settings(CRYSTAL_PACKAGE_MAX_FILES=5)
def test_too_many_files_are_refused():
    files = {**GOOD, **{f"img/{n}.png": b"x" for n in range(10)}}
    with pytest.raises(PackageRefused, match="12 files; the limit is 5"):
        check(zip_bytes(files))


def test_a_good_package_is_read_and_hashed():
    structure, sha256 = check(zip_bytes(PACKAGES["scorm2004"]))
    assert structure.kind == "scorm2004" and len(sha256) == 64


def test_a_package_without_a_manifest_is_refused():
    with pytest.raises(ManifestInvalid, match="no manifest at the root"):
        check(zip_bytes({"index.html": b"<html></html>"}))


def test_extraction_is_atomic_and_idempotent(tmp_path):
    data = zip_bytes(PACKAGES["scorm2004"])
    destination = tmp_path / "packages" / "abc"
    archive_extract(io.BytesIO(data), destination)
    assert (
        (destination / "content/sco/start.html").read_bytes().startswith(b"<!doctype")
    )
    archive_extract(io.BytesIO(data), destination)  # already there: kept
    assert sorted(p.name for p in destination.parent.iterdir()) == ["abc"]


def test_a_refused_extraction_leaves_nothing(tmp_path):
    data = zip_bytes({**GOOD, "../evil.html": b"x"})
    with pytest.raises(PackageRefused):
        archive_extract(io.BytesIO(data), tmp_path / "package")
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "evil.html").exists()


def test_an_encrypted_member_is_refused():
    data = bytearray(zip_bytes(GOOD))
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 8, 0x1)  # the central directory's flag bits
    with pytest.raises(PackageRefused, match="encrypted"):
        check(bytes(data))


def test_zipfile_sees_the_symlink_mode():
    info = zipfile.ZipFile(io.BytesIO(zip_bytes({}, symlinks={"a": "b"}))).getinfo("a")
    assert info.external_attr >> 16 & 0o170000 == 0o120000
