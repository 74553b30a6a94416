"""Install the demo packages as package module pages on the Op Crystal tile."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from modules.models import TilePage
from modules.packages.models import PackageModulePage
from modules.packages.services import package_extract, package_install

from .build import PACKAGES, DemoPackage, package_bytes

COLLECTION_NAME = "Op Crystal training"
ESTIMATED_MINUTES = 5


def _collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _document_title(package: DemoPackage) -> str:
    return f"{package.title} (package)"


def _document_store(package: DemoPackage, content: bytes):
    """The demo's own document for the zip, its file replaced when the zip changed."""
    Document = get_document_model()
    document = Document.objects.filter(title=_document_title(package)).first()
    if document is None:
        document = Document(title=_document_title(package), collection=_collection())
    document.file.save(package.filename, ContentFile(content), save=False)
    document.save()
    return document


@transaction.atomic
def demo_package_install(*, tile: TilePage, package: DemoPackage) -> PackageModulePage:
    """Create the package's page under the tile, or bring the demo's own zip up to date.

    A page an editor pointed at another zip is left alone; a page whose extracted
    files are missing (media cleared) gets them back.
    """
    content = package_bytes(package)
    sha256 = hashlib.sha256(content).hexdigest()
    page = PackageModulePage.objects.child_of(tile).filter(slug=package.slug).first()
    if page is None:
        page = PackageModulePage(
            title=package.title,
            slug=package.slug,
            summary=package.summary,
            estimated_minutes=ESTIMATED_MINUTES,
            package=_document_store(package, content),
        )
        package_install(page=page)
        tile.add_child(instance=page)
        page.save_revision().publish()
        return page
    page = page.specific
    own_zip = page.package is not None and page.package.title == _document_title(
        package
    )
    if own_zip and page.package_sha256 != sha256:
        page.package = _document_store(package, content)
        package_install(page=page)
        page.save_revision().publish()
    elif page.package_id and page.package_sha256 and not page.content_root().is_dir():
        package_extract(page)
    return page


def demo_packages_build(tile: TilePage) -> list[PackageModulePage]:
    """Both demo packages (cmi5 and SCORM 2004) on the tile, idempotently."""
    return [demo_package_install(tile=tile, package=package) for package in PACKAGES]
