"""Matching attachment parts to the statements that declare them, checking
signatures, and keeping the data (Communication 1.5.2, Data 2.4.11 and 2.6).

`parts_matched` runs before the statements are recorded: every attachment
without a fileUrl needs a part with its sha2, every part must be some
attachment's (by the SHA-2 of its data, never any other way), and every
signature must be valid. `attachments_store` then keeps the data, once per
SHA-2, with a link from each statement that declares it, in the transaction
that records the statements.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

from django.db import transaction

from ..models import Statement
from ..validation import StatementInvalid
from .models import StatementAttachment, XapiAttachment
from .multipart import Part
from .signatures import OCTET_STREAM, SignatureRefused, is_signature, signature_check

HASH_HEADER = "X-Experience-API-Hash"
#: The SHA-2 function a hex digest of this many characters comes from.
DIGESTS = {56: "sha224", 64: "sha256", 96: "sha384", 128: "sha512"}


def _media_type(value) -> str:
    return value.split(";")[0].strip().lower() if isinstance(value, str) else ""


def _declared(statement, prefix: str) -> Iterator[tuple[str, dict]]:
    """(field, attachment) for each attachment object of a statement and of its
    SubStatement; anything malformed is left for validation to name."""
    if not isinstance(statement, dict):
        return
    sources = [("", statement)]
    target = statement.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        sources.append(("object.", target))
    for where, source in sources:
        attachments = source.get("attachments")
        if not isinstance(attachments, list):
            continue
        for index, attachment in enumerate(attachments):
            if isinstance(attachment, dict):
                yield f"{prefix}{where}attachments[{index}]", attachment


def _sha2(attachment: dict) -> str:
    value = attachment.get("sha2")
    return value.lower() if isinstance(value, str) else ""


def _parts_by_hash(parts: list[Part]) -> dict[str, Part]:
    by_hash: dict[str, Part] = {}
    for part in parts:
        declared = part.header(HASH_HEADER).lower()
        if not declared:
            raise StatementInvalid(HASH_HEADER, "every attachment part needs one")
        if part.header("Content-Transfer-Encoding").lower() != "binary":
            raise StatementInvalid(
                "Content-Transfer-Encoding", "every attachment part must say binary"
            )
        digest = DIGESTS.get(len(declared))
        if digest is None or hashlib.new(digest, part.body).hexdigest() != declared:
            raise StatementInvalid(
                HASH_HEADER, f"{declared[:16]}… is not the SHA-2 of its part's data"
            )
        by_hash[declared] = part
    return by_hash


def _part_fits(attachment: dict, part: Part, field: str) -> None:
    if attachment.get("length") != len(part.body):
        raise StatementInvalid(
            f"{field}.length", f"is not the length of its part ({len(part.body)})"
        )
    sent = part.media_type
    if sent and sent != _media_type(attachment.get("contentType")):
        raise StatementInvalid(
            f"{field}.contentType", f"differs from its part's Content-Type ({sent})"
        )


def _signature_checked(statement: dict, attachment: dict, part, field: str) -> None:
    if _media_type(attachment.get("contentType")) != OCTET_STREAM:
        raise StatementInvalid(
            f"{field}.contentType", f"a signature's must be {OCTET_STREAM}"
        )
    if part is None:
        raise StatementInvalid(field, "a signature must be sent as a part")
    try:
        signature_check(statement, part.body, field)
    except SignatureRefused as error:
        raise StatementInvalid(error.field, f"the signature {error.message}") from None


def parts_matched(statements: list, parts: list[Part]) -> dict[str, Part]:
    """The parts by SHA-2, each declared by an attachment; StatementInvalid
    (400) for a part nobody declares, an attachment with neither fileUrl nor
    part, a length or type that differs, or a bad signature."""
    by_hash = _parts_by_hash(parts)
    used: set[str] = set()
    for index, statement in enumerate(statements):
        prefix = f"statements[{index}]." if len(statements) > 1 else ""
        for field, attachment in _declared(statement, prefix):
            sha2 = _sha2(attachment)
            part = by_hash.get(sha2)
            if part is not None:
                used.add(sha2)
                _part_fits(attachment, part, field)
            elif "fileUrl" not in attachment and sha2:
                raise StatementInvalid(
                    field,
                    "has no fileUrl and no multipart/mixed part with its sha2",
                )
            if is_signature(attachment) and field.startswith(prefix + "attachments"):
                _signature_checked(statement, attachment, part, field)
    unused = sorted(set(by_hash) - used)
    if unused:
        raise StatementInvalid(
            HASH_HEADER, f"{unused[0][:16]}… is the sha2 of no attachment"
        )
    return by_hash


@transaction.atomic
def attachments_store(*, statements: list[dict], ids: list[str], parts: dict) -> int:
    """Keep each part's data once and link it to the statements declaring it
    (recorded, with `ids`); how many new contents were stored."""
    content_types: dict[str, str] = {}
    linked: list[tuple[str, str]] = []
    for statement, statement_id in zip(statements, ids, strict=True):
        for _, attachment in _declared(statement, ""):
            sha2 = _sha2(attachment)
            if sha2 in parts:
                content_types.setdefault(sha2, attachment["contentType"])
                linked.append((statement_id, sha2))
    held = set(
        XapiAttachment.objects.filter(sha2__in=list(parts)).values_list(
            "sha2", flat=True
        )
    )
    new = [
        XapiAttachment(
            sha2=sha2,
            content_type=content_types[sha2][:255],
            length=len(part.body),
            content=part.body,
        )
        for sha2, part in parts.items()
        if sha2 not in held
    ]
    XapiAttachment.objects.bulk_create(new, ignore_conflicts=True)
    seqs = dict(
        Statement.objects.filter(
            statement_id__in={statement_id for statement_id, _ in linked}
        ).values_list("statement_id", "seq")
    )
    StatementAttachment.objects.bulk_create(
        [
            StatementAttachment(statement_id=seqs[uuid.UUID(s)], attachment_id=h)
            for s, h in dict.fromkeys(linked)
        ],
        ignore_conflicts=True,
    )
    return len(new)


def attachments_unreferenced_delete() -> int:
    """Remove attachment data no stored statement refers to any more (after
    statements were deleted); how many were removed."""
    return XapiAttachment.objects.filter(uses__isnull=True).delete()[0]
