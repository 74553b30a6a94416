"""Reading attachment data back for `GET statements?attachments=true`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

from .models import StatementAttachment, XapiAttachment

#: What a part's Content-Type header may carry; anything else is sent as bytes.
SAFE_HEADER = re.compile(r"[\x20-\x7e]{1,255}")
FALLBACK = "application/octet-stream"


def _statement_ids(statements: list[dict]) -> list[uuid.UUID]:
    ids = []
    for statement in statements:
        try:
            ids.append(uuid.UUID(str(statement.get("id"))))
        except ValueError:
            continue
    return ids


def attachments_of(statements: list[dict]) -> Iterator[tuple[str, str, bytes]]:
    """(sha2, content type, data) of the attachment data linked to these
    statements, each once, in the order the statements declare them."""
    ids = _statement_ids(statements)
    if not ids:
        return
    linked = set(
        StatementAttachment.objects.filter(statement__statement_id__in=ids)
        .values_list("attachment_id", flat=True)
        .distinct()
    )
    order: list[str] = []
    for statement in statements:
        target = statement.get("object") or {}
        sources = [statement]
        if target.get("objectType") == "SubStatement":
            sources.append(target)
        for source in sources:
            for attachment in source.get("attachments") or []:
                sha2 = str(attachment.get("sha2", "")).lower()
                if sha2 in linked and sha2 not in order:
                    order.append(sha2)
    for sha2 in order:
        row = XapiAttachment.objects.only("content_type", "content").get(sha2=sha2)
        content_type = row.content_type
        if not SAFE_HEADER.fullmatch(content_type):
            content_type = FALLBACK
        yield sha2, content_type, bytes(row.content)
