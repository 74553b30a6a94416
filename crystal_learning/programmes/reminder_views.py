"""The learner's own reminder setting (issue 19.4), on My training: scheduled
reminders only on days they are on duty (the default), or on any day. A POST
changes the signed-in person's record and no one else's: the record is
`request.user.person`, never one the request names."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crystal_learning.people.services import person_reminders_set

#: The form's choices: the value of `reminders` -> Person.reminders_off_duty.
ON_DUTY, ANY_DAY = "on_duty", "any_day"
CHOICES = {ON_DUTY: False, ANY_DAY: True}


@require_POST
def reminder_setting(request: HttpRequest) -> HttpResponse:
    """Save the signed-in person's choice and say so on My training."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    back = reverse("crystal_programmes:my_training") + "#reminders"
    choice = request.POST.get("reminders", "")
    if choice not in CHOICES:
        messages.error(request, _("Choose when you want reminders."))
        return redirect(back)
    person_reminders_set(person=person, off_duty=CHOICES[choice])
    if CHOICES[choice]:
        said = _(
            "Saved: you will get reminders on any day, rest days, leave and "
            "nights included."
        )
    else:
        said = _("Saved: you will get reminders only on days you are on duty.")
    messages.success(request, said)
    return redirect(back)
