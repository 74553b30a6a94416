"""Crime references are kept only as a keyed hash (HMAC-SHA256).

The same reference always gives the same hash under the same key, so a
re-import finds its record; nobody without the key can go from a hash back to
a reference, or test a guessed one. The key is ``CRYSTAL_CRIME_REF_KEY``
(default: derived from ``SECRET_KEY``); see docs/victim-care.md.
"""

from __future__ import annotations

import hashlib
import hmac

from crystal_learning import conf


def normalise(crime_ref: str) -> str:
    """The reference as the hash sees it: trimmed, upper case, no inner spaces."""
    return "".join(crime_ref.split()).upper()


def crime_ref_hash(crime_ref: str, *, key: bytes | None = None) -> str:
    """`key` saves reading the setting again for each row of a large file."""
    return hmac.new(
        key or conf.crime_ref_key(), normalise(crime_ref).encode(), hashlib.sha256
    ).hexdigest()
