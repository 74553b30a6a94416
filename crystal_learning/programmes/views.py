"""The learner's landing page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from wagtail.models import Site

from modules.selectors import learner_modules, learning_tiles

from .certificates import certificate_pdf
from .models import Certificate
from .selectors import learner_programmes


def my_training(request: HttpRequest) -> HttpResponse:
    """My training: the person's programmes, their videos with status, the tiles."""
    site = Site.find_for_request(request)
    person = getattr(request.user, "person", None)
    return render(
        request,
        "crystal_programmes/my_training.html",
        {
            "tiles": learning_tiles(site=site),
            "modules": learner_modules(site=site, person=person),
            "person": person,
            "programmes": learner_programmes(person=person) if person else [],
            "calendar_url": _calendar_url(request, person),
        },
    )


def _calendar_url(request: HttpRequest, person) -> str:
    """The person's private calendar address ("" until they ask for one: the
    page offers a button that POSTs to make it)."""
    if person is None:
        return ""
    from django.urls import reverse

    from crystal_learning.scheduling.selectors import calendar_feed_of

    feed = calendar_feed_of(person=person)
    if feed is None:
        return ""
    return request.build_absolute_uri(
        reverse("crystal_scheduling:person_feed", args=[feed.token])
    )


def _certificate(request: HttpRequest, certificate_uuid) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.select_related("person__team", "programme"),
        uuid=certificate_uuid,
    )
    if not request.user.has_perm(
        "crystal_people.view_person_records", certificate.person
    ):
        raise Http404("No such certificate.")  # not even that it exists
    return certificate


def certificate(request: HttpRequest, certificate_uuid) -> HttpResponse:
    """A printable certificate (the person, their supervisors, training managers)."""
    return render(
        request,
        "crystal_programmes/certificate.html",
        {"certificate": _certificate(request, certificate_uuid)},
    )


def certificate_download(request: HttpRequest, certificate_uuid) -> HttpResponse:
    certificate = _certificate(request, certificate_uuid)
    response = HttpResponse(
        certificate_pdf(certificate), content_type="application/pdf"
    )
    name = f"certificate-{certificate.programme.name}-{certificate.person.staff_number}"
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.pdf"'
    return response
