"""Development media serving with HTTP Range, so video seeking works under runserver.

Django's static.serve ignores Range; browsers then cannot seek in a video. In
production a reverse proxy or object store serves media (docs/operations.md).
"""

from __future__ import annotations

import mimetypes
import os
import re
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.utils._os import safe_join
from django.utils.http import http_date

RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")
CHUNK = 64 * 1024
#: Offsets longer than this are past the end of any file (and would take Python
#: a long time, or an error, to turn into an int).
MAX_DIGITS = 18


def _file_range(path: Path, start: int, length: int):
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _offset(digits: str) -> int:
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def serve_media(request: HttpRequest, path: str, document_root: str) -> HttpResponse:
    try:
        full = Path(safe_join(document_root, path))
    except (SuspiciousFileOperation, ValueError):
        raise Http404("Not found") from None
    if not full.is_file():
        raise Http404("Not found")
    size = full.stat().st_size
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    header = request.headers.get("Range", "")
    match = RANGE.match(header.strip()) if header else None
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start = _offset(first)
            end = min(_offset(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start, end = max(0, size - _offset(last)), size - 1
        if start >= size or end < start:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        length = end - start + 1
        response = StreamingHttpResponse(
            _file_range(full, start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(os.path.getmtime(full))
    return response
