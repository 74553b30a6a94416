"""Build the demo packages' zips from the sources beside this file, byte for byte
the same each time (fixed order, dates and permissions, stored uncompressed), so a
rebuild installs nothing new.

    python -m crystal_learning.demo.packages.build OUT_DIR   # writes the zips there
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

SOURCES = Path(__file__).resolve().parent
EXERCISE = SOURCES / "exercise"
# 1 January 2024: any fixed date keeps the bytes stable (a zip cannot store 1970).
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DemoPackage:
    name: str  # the source directory and the zip's file name
    title: str  # the package page's title
    slug: str
    summary: str

    @property
    def filename(self) -> str:
        return f"{self.name}.zip"


PACKAGES = (
    DemoPackage(
        name="record-boxes-cmi5",
        title="Record boxes exercise (cmi5)",
        slug="record-boxes-cmi5",
        summary="A short case: tick the record boxes you can answer yes to at first "
        "contact. A cmi5 course.",
    ),
    DemoPackage(
        name="record-boxes-scorm2004",
        title="Record boxes exercise (SCORM 2004)",
        slug="record-boxes-scorm2004",
        summary="The same case as a SCORM 2004 package: your ticks are kept if you "
        "leave and come back.",
    ),
)


def package_files(package: DemoPackage) -> dict[str, bytes]:
    """The zip's members: the shared exercise, the package's manifest and tracker."""
    files = {}
    for directory in (EXERCISE, SOURCES / package.name):
        for path in sorted(directory.iterdir()):
            if path.is_file():
                files[path.name] = path.read_bytes()
    return dict(sorted(files.items()))


def package_bytes(package: DemoPackage) -> bytes:
    """The package's zip, deterministic: the same sources give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in package_files(package).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            # Stored, not deflated: zlib versions may compress differently.
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, so the attributes above are read
            archive.writestr(info, content)
    return buffer.getvalue()


def package_named(name: str) -> DemoPackage:
    return next(package for package in PACKAGES if package.name == name)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        (out / package.filename).write_bytes(package_bytes(package))
        print(out / package.filename)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
