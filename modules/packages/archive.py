"""Checking and extracting an uploaded package zip.

Everything an archive claims is hostile until checked: member names (zip slip),
file types (symlinks), sizes (zip bombs: the headers are checked first and the
bytes actually written are counted again while extracting) and file counts.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import posixpath
import shutil
import stat
import uuid
import zipfile
import zlib
from collections.abc import Callable
from typing import IO

from crystal_learning import conf

from .manifests import ManifestInvalid, PackageStructure, structure_read

CHUNK = 1024 * 1024


class PackageRefused(ValueError):
    """The zip is unsafe or unusable; the message is shown to the editor."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def member_path_check(name: str) -> str:
    """The member's safe relative path, or PackageRefused (zip slip and friends)."""
    if "\\" in name:
        raise PackageRefused(f"The zip holds a path with a backslash: {name!r}.")
    if "\x00" in name or not name.strip("/"):
        raise PackageRefused(f"The zip holds an invalid file name: {name!r}.")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackageRefused(f"The zip holds an absolute path: {name!r}.")
    parts = name.rstrip("/").split("/")
    if any(part in ("..", "") for part in parts):
        raise PackageRefused(
            f"The zip holds a path that leaves its folder (zip slip): {name!r}."
        )
    return posixpath.normpath(name)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def archive_check(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that is unsafe before a byte of it is extracted."""
    members = archive.infolist()
    max_files = conf.package_max_files()
    if len(members) > max_files:
        raise PackageRefused(
            f"The zip holds {len(members):,} files; the limit is {max_files:,}."
        )
    max_bytes = conf.package_max_bytes()
    total = 0
    seen: set[str] = set()
    for info in members:
        path = member_path_check(info.filename)
        if _is_symlink(info):
            raise PackageRefused(
                f"The zip holds a symbolic link, which is refused: {info.filename!r}."
            )
        if info.flag_bits & 0x1:
            raise PackageRefused(f"The zip holds an encrypted file: {info.filename!r}.")
        if path.lower() in seen and not info.is_dir():
            raise PackageRefused(f"The zip holds {info.filename!r} twice.")
        seen.add(path.lower())
        total += info.file_size
        if total > max_bytes:
            raise PackageRefused(
                f"The package is over {_megabytes(max_bytes)} uncompressed; the "
                "limit is there so one upload cannot fill the server's disk."
            )


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def package_file_read(handle: IO[bytes]) -> tuple[PackageStructure, str]:
    """The structure and SHA-256 of a package zip (an open binary file)."""
    sha256 = _sha256(handle)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageRefused(
            f"This file is not a zip archive ({error}). Upload the .zip your "
            "authoring tool exported for an LMS."
        ) from error
    with archive:
        archive_check(archive)
        try:
            structure = structure_read(archive)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise PackageRefused(f"The zip is damaged: {error}.") from error
    return structure, sha256


def package_read(document) -> tuple[PackageStructure, str]:
    """Check a Wagtail document holding a package zip: (structure, sha256)."""
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError) as error:
        raise PackageRefused(f"The uploaded file cannot be read: {error}.") from error
    try:
        return package_file_read(handle)
    finally:
        document.file.close()


def _extract_member(archive: zipfile.ZipFile, info, target: pathlib.Path, budget):
    """Copy one member, counting the bytes really written (headers can lie)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as source, open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size or written > budget:
                raise PackageRefused(
                    f"{info.filename!r} unpacks to more than its header says "
                    "(a zip bomb); the package is refused."
                )
            out.write(chunk)
    return written


#: Called as progress(files_done, files_total) while a zip is unpacked.
Progress = Callable[[int, int], None]


def _members_extract(
    handle: IO[bytes], into: pathlib.Path, progress: Progress | None = None
) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            archive_check(archive)
            budget = conf.package_max_bytes()
            root = into.resolve()
            members = archive.infolist()
            for done, info in enumerate(members, start=1):
                target = (into / member_path_check(info.filename)).resolve()
                if not target.is_relative_to(root):
                    raise PackageRefused(f"{info.filename!r} leaves the package.")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    budget -= _extract_member(archive, info, target, budget)
                if progress is not None:
                    progress(done, len(members))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError) as error:
        raise PackageRefused(
            f"The zip is damaged and cannot be unpacked: {error}."
        ) from error


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(source, target)


def archive_extract(
    handle: IO[bytes] | None,
    destination: pathlib.Path,
    progress: Progress | None = None,
    *,
    unpacked: pathlib.Path | None = None,
) -> None:
    """Extract a checked zip into `destination` atomically: a temporary folder
    beside it, renamed into place. An existing destination is kept (the folder
    is named by the zip's hash, so it already holds the same files).

    With `unpacked` (a folder holding this zip already unpacked, e.g. by the
    admin's package upload), its files are linked (or copied) instead."""
    if destination.is_dir():
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.parent / f".incoming-{uuid.uuid4().hex}"
    if unpacked is None:
        temporary.mkdir()
    try:
        if unpacked is not None:
            shutil.copytree(unpacked, temporary, copy_function=_link_or_copy)
        else:
            _members_extract(handle, temporary, progress)
        try:
            os.rename(temporary, destination)
        except OSError:
            if not destination.is_dir():  # not another request that won the race
                raise
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


__all__ = [
    "ManifestInvalid",
    "PackageRefused",
    "archive_check",
    "archive_extract",
    "member_path_check",
    "package_file_read",
    "package_read",
]
