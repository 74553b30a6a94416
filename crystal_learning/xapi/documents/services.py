"""Reading and writing xAPI documents, with the concurrency rules of section 3.1.

Every write is a compare-and-swap: a document is created under a unique key
(a concurrent creation raises IntegrityError and the write is retried against
the row that won), and changed only where its ETag and time are still the ones
read (`UPDATE ... WHERE etag = ... AND updated = ...`), retried when another
write came first. That holds on SQLite, where SELECT ... FOR UPDATE locks
nothing, as well as on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from crystal_learning import conf

from ..json_limits import JSONRefused, json_checked, json_parsed
from ..models import LRSCredential
from .models import XapiDocument

JSON = "application/json"
ATTEMPTS = 5


class PreconditionFailed(Exception):
    """412: If-Match or If-None-Match does not hold."""


class DocumentConflict(Exception):
    """409: a write without a precondition where the resource requires one,
    or one that kept losing to concurrent writes."""


class DocumentTooLarge(Exception):
    """413: what the document would become is over the size limit."""


class DocumentInvalid(Exception):
    """400: a document that cannot be merged, or JSON that does not parse."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _digest(*parts: str) -> str:
    return hashlib.sha256(
        "\x1f".join(parts).encode("utf-8", "surrogatepass")
    ).hexdigest()


@dataclass(frozen=True)
class Address:
    """Where a document lives: its resource, context and id."""

    kind: str
    activity_id: str = ""
    agent_key: str = ""
    registration: str = ""
    document_id: str = ""

    @property
    def scope_key(self) -> str:
        """The context without registration or id: what lists and deletes share."""
        return _digest(self.kind, self.activity_id, self.agent_key)

    @property
    def key(self) -> str:
        return _digest(
            self.kind,
            self.activity_id,
            self.agent_key,
            self.registration,
            self.document_id,
        )


def etag_of(content: bytes) -> str:
    """The quoted SHA-1 of the content, as section 3.1 asks."""
    return f'"{hashlib.sha1(content).hexdigest()}"'  # noqa: S324 - the spec's ETag


def _tags(value: str, *, weak: bool) -> set[str]:
    """The entity tags a precondition names. If-Match compares strongly (RFC
    7232 3.1): a weak tag matches nothing; If-None-Match compares weakly."""
    tags = set()
    for tag in value.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            if not weak:
                continue
            tag = tag[2:]
        if tag and tag != "*" and not tag.startswith('"'):
            tag = f'"{tag}"'
        if tag:
            tags.add(tag.lower())
    return tags


@dataclass(frozen=True)
class Preconditions:
    """The If-Match and If-None-Match headers of a write, as RFC 2616 reads them."""

    if_match: str | None = None
    if_none_match: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.if_match or self.if_none_match)

    def check(self, current: str | None) -> None:
        if self.if_match:
            tags = _tags(self.if_match, weak=False)
            if current is None or ("*" not in tags and current.lower() not in tags):
                raise PreconditionFailed(
                    "If-Match does not match the document's current ETag."
                )
        if self.if_none_match and current is not None:
            tags = _tags(self.if_none_match, weak=True)
            if "*" in tags or current.lower() in tags:
                raise PreconditionFailed(
                    "If-None-Match: the document already exists with that ETag."
                )


def _json_object(content: bytes, field: str) -> dict:
    try:
        value = json_parsed(content, field)
        json_checked(value, field)
    except JSONRefused as error:
        raise DocumentInvalid(field, f"The document {error.message}.") from None
    if not isinstance(value, dict):
        raise DocumentInvalid(field, "POST merges JSON objects; this is not one.")
    return value


def check_json(content: bytes, content_type: str) -> None:
    """A document sent as application/json must be JSON (400 otherwise)."""
    if content_type == JSON:
        try:
            json_checked(json_parsed(content, "content"), "content")
        except JSONRefused as error:
            raise DocumentInvalid(
                "content", f"The application/json document {error.message}."
            ) from None


def _merged(current: XapiDocument, content: bytes, media_type: str) -> bytes:
    """Section 2.3's POST: both JSON objects; the new top-level properties win."""
    current_type = current.content_type.split(";")[0].strip().lower()
    if media_type != JSON or current_type != JSON:
        raise DocumentInvalid(
            "Content-Type",
            "POST can only merge into an application/json document with an "
            "application/json object; use PUT to replace it.",
        )
    old = _json_object(bytes(current.content), "document")
    new = _json_object(content, "content")
    merged = json.dumps({**old, **new}, ensure_ascii=False).encode()
    limit = conf.xapi_max_document_bytes()
    if len(merged) > limit:
        raise DocumentTooLarge(
            f"Merged, the document would be {len(merged)} bytes; the limit is "
            f"{limit}. Remove properties with a PUT first."
        )
    return merged


def document_get(address: Address) -> XapiDocument | None:
    return XapiDocument.objects.filter(key=address.key).first()


def document_ids(address: Address, since: datetime | None = None) -> list[str]:
    """The ids of a context's documents (all registrations unless one is given)."""
    found = XapiDocument.objects.filter(scope_key=address.scope_key)
    if address.registration:
        found = found.filter(registration=address.registration)
    if since is not None:
        found = found.filter(updated__gt=since)
    return list(found.order_by("updated", "pk").values_list("document_id", flat=True))


@dataclass(frozen=True)
class Write:
    """A PUT (replace) or POST (merge) of `content`, as `content_type`."""

    content: bytes
    content_type: str
    merge: bool = False
    preconditions: Preconditions = Preconditions()
    #: PUT to a profile resource: an existing document needs If-Match/If-None-Match.
    precondition_required: bool = False
    client: LRSCredential | None = None

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def _attempt(address: Address, write: Write) -> XapiDocument | None:
    """One try at the write; None when another write came first."""
    with transaction.atomic():
        current = XapiDocument.objects.select_for_update().filter(key=address.key)
        current = current.first()
        write.preconditions.check(current.etag if current else None)
        if current is None:
            try:
                with transaction.atomic():
                    return XapiDocument.objects.create(
                        kind=address.kind,
                        key=address.key,
                        scope_key=address.scope_key,
                        activity_id=address.activity_id,
                        agent_key=address.agent_key,
                        registration=address.registration,
                        document_id=address.document_id,
                        etag=etag_of(write.content),
                        updated=timezone.now(),
                        client=write.client,
                        content=write.content,
                        content_type=write.content_type,
                    )
            except IntegrityError:
                return None
        if write.precondition_required and not write.preconditions.given:
            raise DocumentConflict(
                "The document exists: GET it, then send If-Match with its ETag "
                "(or If-None-Match: * to create only)."
            )
        if write.merge:
            content, content_type = (
                _merged(current, write.content, write.media_type),
                JSON,
            )
        else:
            content, content_type = write.content, write.content_type
        changed = XapiDocument.objects.filter(
            pk=current.pk, etag=current.etag, updated=current.updated
        ).update(
            content=content,
            content_type=content_type,
            etag=etag_of(content),
            updated=max(timezone.now(), current.updated),
            client=write.client,
        )
        return document_get(address) if changed else None


def document_write(address: Address, write: Write) -> XapiDocument:
    """Store the document; PreconditionFailed, DocumentConflict or DocumentInvalid."""
    if write.merge and write.media_type == JSON:
        _json_object(write.content, "content")
    check_json(write.content, write.media_type)
    for _ in range(ATTEMPTS):
        document = _attempt(address, write)
        if document is not None:
            return document
    raise DocumentConflict("The document kept changing while it was written; retry.")


def document_delete(address: Address, preconditions: Preconditions) -> None:
    """Delete one document (nothing to do if it is gone, unless If-Match says so)."""
    for _ in range(ATTEMPTS):
        with transaction.atomic():
            current = (
                XapiDocument.objects.select_for_update().filter(key=address.key).first()
            )
            preconditions.check(current.etag if current else None)
            if current is None:
                return
            deleted, _ = XapiDocument.objects.filter(
                pk=current.pk, etag=current.etag, updated=current.updated
            ).delete()
            if deleted:
                return
    raise DocumentConflict("The document kept changing while it was deleted; retry.")


def documents_delete(address: Address) -> int:
    """Delete a context's documents (State: activity + agent [+ registration])."""
    found = XapiDocument.objects.filter(scope_key=address.scope_key)
    if address.registration:
        found = found.filter(registration=address.registration)
    return found.delete()[0]
