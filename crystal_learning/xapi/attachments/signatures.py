"""Signed statements (xAPI 1.0.3 Data 2.6).

A signature is an attachment with usageType SIGNATURE and contentType
application/octet-stream whose data (a multipart part) is a JWS in compact
serialization. The LRS checks, as 2.6.s5 asks: the JWS decodes, its algorithm
is RS256, RS384 or RS512, its payload is a JSON statement logically equivalent
to the statement received (Data 2.3.1, "Statement Comparision Requirements":
differences the exceptions to immutability could cause are ignored: id,
timestamp and stored as assigned or re-serialized, authority, version, activity
definitions, verb display, the attachments, the order of a Group's members and
the case of case-insensitive values (a mailbox's domain, UUIDs, the context's
language tag); everything else, result.duration included, must be equal),
and, when the header carries an x5c certificate chain, that the signature
verifies with the first certificate's public key and that each certificate is
issued by the next. Without x5c the signature cannot be checked against a key:
the spec leaves authentication of the signer to the reader (2.6 note).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid

import jwt
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from ..formats import context_activities_listed
from ..json_limits import JSONRefused, json_parsed
from ..validation import StatementInvalid, timestamp_value

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
OCTET_STREAM = "application/octet-stream"
ALGORITHMS = ("RS256", "RS384", "RS512")
#: Set by the LRS or not part of the statement: never compared.
NOT_COMPARED = ("attachments", "stored", "authority", "version")
#: More certificates than any real chain: refused before any is parsed.
MAX_CHAIN = 10


class SignatureRefused(ValueError):
    """A malformed or mismatched signature (HTTP 400); `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def is_signature(attachment) -> bool:
    return isinstance(attachment, dict) and attachment.get("usageType") == SIGNATURE


def _header_and_payload(token: bytes, field: str) -> tuple[dict, bytes]:
    try:
        decoded = jwt.PyJWS().decode_complete(
            token, options={"verify_signature": False}
        )
    except jwt.PyJWTError as error:
        raise SignatureRefused(
            field, f"is not a JWS in compact serialization ({error})."
        ) from None
    header = decoded["header"]
    if header.get("alg") not in ALGORITHMS:
        raise SignatureRefused(
            field, f"must use the JWS algorithm {', '.join(ALGORITHMS)}."
        )
    if "crit" in header or header.get("b64", True) is not True:
        raise SignatureRefused(field, "uses JWS extensions this LRS does not know.")
    return header, decoded["payload"]


def _certificates(header: dict, field: str) -> list[x509.Certificate]:
    chain = header.get("x5c")
    if not isinstance(chain, list) or not chain or len(chain) > MAX_CHAIN:
        raise SignatureRefused(
            field, f"x5c must be a list of 1 to {MAX_CHAIN} certificates."
        )
    certificates = []
    for entry in chain:
        try:
            der = base64.b64decode(entry, validate=True)
            certificates.append(x509.load_der_x509_certificate(der))
        except (TypeError, ValueError, binascii.Error):
            raise SignatureRefused(
                field, "x5c holds something that is not a base64 DER certificate."
            ) from None
    for subject, issuer in zip(certificates, certificates[1:], strict=False):
        try:
            subject.verify_directly_issued_by(issuer)
        except (InvalidSignature, ValueError, TypeError):
            raise SignatureRefused(
                field, "x5c is not a chain: a certificate is not issued by the next."
            ) from None
    return certificates


def _verified(token: bytes, header: dict, field: str) -> None:
    key = _certificates(header, field)[0].public_key()
    if not isinstance(key, RSAPublicKey):
        raise SignatureRefused(field, "the x5c certificate must hold an RSA key.")
    try:
        jwt.PyJWS().decode_complete(token, key=key, algorithms=[header["alg"]])
    except jwt.PyJWTError:
        raise SignatureRefused(
            field, "does not verify with the public key of its x5c certificate."
        ) from None


def _instant(value):
    try:
        return timestamp_value(value, "timestamp")
    except StatementInvalid:
        return value


def _uuid(value):
    try:
        return uuid.UUID(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _mailbox(value):
    """A mailto IRI with its scheme and domain (case-insensitive) lower-cased."""
    if not isinstance(value, str):
        return value
    scheme, colon, address = value.partition(":")
    local, at, domain = address.rpartition("@")
    return f"{scheme.lower()}:{local}@{domain.lower()}" if colon and at else value


def _agent(value):
    """An Agent or Group as compared: its mailbox's domain in any case, its
    members in any order (Data 2.3.1, case sensitivity and un-ordered lists)."""
    if not isinstance(value, dict):
        return value
    agent = dict(value)
    if "mbox" in agent:
        agent["mbox"] = _mailbox(agent["mbox"])
    if isinstance(agent.get("member"), list):
        members = [_agent(member) for member in agent["member"]]
        agent["member"] = sorted(members, key=lambda m: json.dumps(m, sort_keys=True))
    return agent


def _activity(value):
    """An Activity without its definition: not part of the statement (2.3.1)."""
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k != "definition"}


def _context(context):
    if not isinstance(context, dict):
        return context
    context = dict(context)
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _agent(context[key])
    if "registration" in context:
        context["registration"] = _uuid(context["registration"])
    if isinstance(context.get("language"), str):
        context["language"] = context["language"].lower()
    lists = context.get("contextActivities")
    if isinstance(lists, dict):
        context["contextActivities"] = {
            name: [_activity(a) for a in entries]
            if isinstance(entries, list)
            else entries
            for name, entries in lists.items()
        }
    return context


def _part(part: dict) -> dict:
    """A statement or SubStatement as compared: what the spec's exceptions to
    immutability could change (verb display, activity definitions, member
    order, case-insensitive values) set aside; everything else as sent."""
    part = dict(part)
    if "actor" in part:
        part["actor"] = _agent(part["actor"])
    if isinstance(part.get("verb"), dict):
        part["verb"] = {k: v for k, v in part["verb"].items() if k != "display"}
    target = part.get("object")
    kind = target.get("objectType", "Activity") if isinstance(target, dict) else None
    if kind == "Activity":
        part["object"] = _activity(target)
    elif kind in ("Agent", "Group"):
        part["object"] = _agent(target)
    elif kind == "StatementRef":
        part["object"] = {**target, "id": _uuid(target.get("id"))}
    elif kind == "SubStatement":
        part["object"] = _part(target)
    if "context" in part:
        part["context"] = _context(part["context"])
    return part


def _comparable(statement: dict, other: dict) -> dict:
    listed = dict(context_activities_listed(statement))
    for key in NOT_COMPARED:
        listed.pop(key, None)
    for key, read in (("id", _uuid), ("timestamp", _instant)):
        if key in listed and key in other:
            listed[key] = read(listed[key])
        else:
            listed.pop(key, None)  # assigned by the LRS: nothing to compare
    return _part(listed)


def statements_equivalent(signed: dict, received: dict) -> bool:
    """Whether the signed statement is logically the received one (Data 2.3.1)."""
    return _comparable(signed, received) == _comparable(received, signed)


def signature_check(statement: dict, token: bytes, field: str) -> None:
    """Raise SignatureRefused unless `token` is a valid signature of `statement`."""
    try:
        text = token.decode("ascii").strip()
    except UnicodeDecodeError:
        raise SignatureRefused(field, "is not a JWS (not ASCII).") from None
    header, payload = _header_and_payload(text.encode("ascii"), field)
    try:
        signed = json_parsed(payload, "payload")
    except JSONRefused as error:
        raise SignatureRefused(
            field, f"has a payload that is not a statement: {error.message}"
        ) from None
    if not isinstance(signed, dict):
        raise SignatureRefused(field, "has a payload that is not a statement object.")
    if not statements_equivalent(signed, statement):
        raise SignatureRefused(
            field, "is the signature of another statement: its payload differs."
        )
    if "x5c" in header:
        _verified(text.encode("ascii"), header, field)
