"""Uploading a package zip on its own admin screen (issue 18.15): the zip is
stored as a document, then a background job (django-q2, see tasks.py) checks it
and unpacks it file by file, keeping its progress on the PackageUpload row for
the progress page. A package module page that then chooses the document links
the unpacked files instead of unpacking the zip again while the editor waits.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from .archive import PackageRefused, archive_extract, package_read
from .manifests import ManifestInvalid
from .models import PackageUpload, unpacked_root

logger = logging.getLogger(__name__)


def _collection(user: AbstractBaseUser | None) -> Collection:
    """The first collection the user may add documents to (else the root)."""
    if user is not None:
        policy = policy_registry.get_by_type(get_document_model())
        allowed = policy.collections_user_has_permission_for(user, "add")
        first = allowed.order_by("path").first()
        if first is not None:
            return first
    return Collection.get_first_root_node()


def package_upload_start(
    *, file: UploadedFile, by: AbstractBaseUser | None
) -> PackageUpload:
    """Store the zip as a document and queue the job that checks and unpacks it."""
    document = get_document_model().objects.create(
        title=file.name[:255],
        file=file,
        collection=_collection(by),
        uploaded_by_user=by,
    )
    upload = PackageUpload.objects.create(
        document=document, filename=file.name[:255], uploaded_by=by
    )
    from django_q.tasks import async_task

    async_task(
        "modules.packages.tasks.package_upload_process",
        upload_id=upload.pk,
        task_name=f"package_upload_process-{upload.pk}",
    )
    return upload


def _every(total: int) -> int:
    """How often (in files) progress is written: about 200 times a package."""
    return max(1, total // 200)


def package_upload_process(
    *, upload_id: int, progress: Callable[[int, int], None] | None = None
) -> str | None:
    """The job: check the upload's zip, then unpack it with per-file progress.

    Runs once (a retry of a finished upload does nothing). `progress`, if
    given, is called after each recorded step (tests watch the status with it).
    """
    upload = (
        PackageUpload.objects.select_related("document")
        .filter(pk=upload_id, status=PackageUpload.Status.CHECKING)
        .first()
    )
    if upload is None:
        return None
    rows = PackageUpload.objects.filter(pk=upload_id)

    def record(done: int, total: int) -> None:
        if done == total or done % _every(total) == 0:
            rows.update(files_done=done, files_total=total)
            if progress is not None:
                progress(done, total)

    try:
        if upload.document is None:
            raise PackageRefused(_("The uploaded file is no longer there."))
        structure, sha256 = package_read(upload.document)
        handle = upload.document.file.open("rb")
        try:
            with zipfile.ZipFile(handle) as archive:
                rows.update(files_total=len(archive.infolist()))
            handle.seek(0)
            # An identical zip unpacked before is kept (the folder is its hash).
            archive_extract(handle, unpacked_root(sha256), record)
        finally:
            upload.document.file.close()
    except (PackageRefused, ManifestInvalid) as error:
        _refused(upload, str(error))
        return PackageUpload.Status.FAILED
    except Exception:
        logger.exception("Package upload %s: unpacking failed", upload_id)
        _refused(upload, _("Unpacking stopped with an error; upload the zip again."))
        return PackageUpload.Status.FAILED
    upload.refresh_from_db(fields=["files_total"])
    upload.result = {
        "kind": structure.kind,
        "title": structure.title,
        "units": len(structure.units),
        "sha256": sha256,
    }
    upload.files_done = upload.files_total
    upload.status = PackageUpload.Status.READY
    upload.save(update_fields=["result", "files_done", "status"])
    return upload.status


def _refused(upload: PackageUpload, message: str) -> None:
    """A refused zip: the reason is kept; its document is removed, so nobody
    chooses it for a page (the page form would refuse it anyway)."""
    document = upload.document
    upload.status = PackageUpload.Status.FAILED
    upload.error = message
    upload.document = None
    upload.save(update_fields=["status", "error", "document"])
    if document is not None:
        try:
            document.delete()
        except ProtectedError:  # a page chose it meanwhile: keep it
            logger.warning("Package upload %s: its document is in use", upload.pk)
