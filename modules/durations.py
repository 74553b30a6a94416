"""How long something takes, said one way wherever a length shows.

The rule: under a minute is "Under 1 minute"; anything longer is rounded to the
nearest whole minute, halves up ("About 1 minute" for 63 to 89 seconds, "About 2
minutes" from 90). Never more than the truth by half a minute.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def length_label(seconds: float | None, *, fallback_minutes: int = 0) -> str:
    """The length of a video (or of anything timed in seconds), for a person.

    `fallback_minutes`: the editor's estimate, when the length is not known.
    """
    if not seconds or seconds <= 0:
        if not fallback_minutes:
            return ""
        minutes = fallback_minutes
    elif seconds < 60:
        return _("Under 1 minute")
    else:
        minutes = math.floor(seconds / 60 + 0.5)
    return ngettext("About %(n)d minute", "About %(n)d minutes", minutes) % {
        "n": minutes
    }
