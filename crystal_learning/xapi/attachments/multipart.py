"""multipart/mixed as xAPI uses it (Communication 1.5.2, RFC 2046 section 5.1):
read a request body into its parts, and write a statement result with the
attachment data it refers to. Bodies are bytes throughout: attachment data is
binary and is never decoded.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

#: RFC 2046 boundary characters, 1 to 70 of them, not ending in a space.
BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
#: A header line: a token name, a colon, the value (visible ASCII and spaces).
HEADER_LINE = re.compile(
    rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*:[ \t]*([\x20-\x7e\t]*)"
)
MAX_PARTS = 1000
MAX_HEADER_BYTES = 8192
CRLF = b"\r\n"


class MultipartRefused(ValueError):
    """A body that is not the multipart/mixed it says it is (HTTP 400)."""


@dataclass
class Part:
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def media_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


def boundary_of(content_type: str) -> str:
    """The boundary parameter of a multipart Content-Type (quoted or not)."""
    for parameter in _parameters(content_type):
        name, _, value = parameter.partition("=")
        if name.strip().lower() != "boundary":
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if not BOUNDARY.fullmatch(value):
            raise MultipartRefused(
                "The multipart boundary must be 1 to 70 characters RFC 2046 allows."
            )
        return value
    raise MultipartRefused("A multipart/mixed Content-Type needs a boundary.")


def _parameters(content_type: str) -> list[str]:
    """The `;`-separated parameters after the media type; `;` inside quotes kept."""
    parts, current, quoted = [], [], False
    for char in content_type:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts[1:]


def _headers(block: bytes) -> dict[str, str]:
    if len(block) > MAX_HEADER_BYTES:
        raise MultipartRefused("A part's headers are too long.")
    headers: dict[str, str] = {}
    for line in block.split(CRLF) if block else []:
        match = HEADER_LINE.fullmatch(line)
        if match is None:
            raise MultipartRefused("A part has a header line that is not Name: value.")
        name = match.group(1).decode("ascii").lower()
        if name in headers:
            raise MultipartRefused(f"A part repeats its {name} header.")
        headers[name] = match.group(2).decode("ascii").strip()
    return headers


def _part(raw: bytes) -> Part:
    if raw.startswith(CRLF):  # no headers at all
        return Part(body=raw[2:])
    end = raw.find(CRLF + CRLF)
    if end < 0:
        raise MultipartRefused("A part's headers are not followed by a blank line.")
    return Part(headers=_headers(raw[:end]), body=raw[end + 4 :])


def parts_read(body: bytes, boundary: str) -> list[Part]:
    """The parts of a multipart body; preamble and epilogue are ignored."""
    delimiter = b"--" + boundary.encode("ascii")
    if body.startswith(delimiter):
        position = len(delimiter)
    else:
        found = body.find(CRLF + delimiter)
        if found < 0:
            raise MultipartRefused("The body does not contain the multipart boundary.")
        position = found + 2 + len(delimiter)
    parts: list[Part] = []
    while True:
        if body.startswith(b"--", position):
            return parts  # the close delimiter; anything after is the epilogue
        line_end = body.find(CRLF, position)
        if line_end < 0 or body[position:line_end].strip(b" \t"):
            raise MultipartRefused("A boundary line must end with CRLF.")
        start = line_end + 2
        end = body.find(CRLF + delimiter, start)
        if end < 0:
            raise MultipartRefused(
                "The multipart body does not end with its closing boundary."
            )
        if len(parts) >= MAX_PARTS:
            raise MultipartRefused(f"The body has more than {MAX_PARTS} parts.")
        parts.append(_part(body[start:end]))
        position = end + 2 + len(delimiter)


def _boundary_for(bodies: list[bytes]) -> str:
    while True:
        boundary = f"xapi-{secrets.token_hex(16)}"
        if not any(boundary.encode("ascii") in body for body in bodies):
            return boundary


def multipart_written(parts: list[Part]) -> tuple[bytes, str]:
    """The body and its Content-Type (with a boundary found in no part)."""
    boundary = _boundary_for([p.body for p in parts])
    delimiter = b"--" + boundary.encode("ascii")
    chunks: list[bytes] = []
    for part in parts:
        chunks.append(delimiter + CRLF)
        for name, value in part.headers.items():
            chunks.append(f"{name}: {value}".encode("ascii") + CRLF)
        chunks.extend([CRLF, part.body, CRLF])
    chunks.append(delimiter + b"--" + CRLF)
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"
