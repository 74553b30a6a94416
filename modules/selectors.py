"""Reads about learning content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Site

from crystal_learning.xapi.activities import (
    ActivityKind,
    resource_key,
    resource_prefixes,
)
from crystal_learning.xapi.models import Progress

from .models import TilePage, VideoModulePage, VideoWatch
from .translations import default_version, in_default_locale, reader_versions


def resource_for(kind: ActivityKind, pk: int):
    """The document (guide, leaflet, booklet) or vlog video a resource link
    names, or None. Only what a live, unrestricted page links to: a link
    never reveals a library file no page offers (its name, or a video's file
    address), and never a document in a collection with a view restriction."""
    if kind == ActivityKind.DOCUMENT:
        from wagtail.documents import get_document_model

        resource = get_document_model().objects.filter(pk=pk).first()
        if (
            resource is not None
            and resource.collection.get_view_restrictions().exists()
        ):
            return None
    elif kind == ActivityKind.VLOG:
        from wagtailmedia.models import get_media_model

        resource = get_media_model().objects.filter(pk=pk, type="video").first()
    else:
        return None
    if resource is None or not _linked_from_visible_page(resource):
        return None
    return resource


def _linked_from_visible_page(resource) -> bool:
    """Whether a live page without a view restriction refers to the resource,
    by Wagtail's reference index (StreamField blocks, related documents)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_ids = (
        ReferenceIndex.get_references_to(resource)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    pages = Page.objects.live().filter(pk__in=[int(i) for i in page_ids if i.isdigit()])
    return any(not page.get_view_restrictions().exists() for page in pages)


def resources_opened(*, person) -> dict[tuple[str, int], date]:
    """When the person last opened each guide, leaflet and vlog, as the
    learning record says: {(kind, library id): day}. One query."""
    if person is None:
        return {}
    prefixes = Q()
    for prefix in resource_prefixes():
        prefixes |= Q(activity_id__startswith=prefix)
    opened = {}
    # A person's few rows: no .iterator() (on PostgreSQL a server-side cursor,
    # three round trips instead of one).
    for iri, seen in Progress.objects.filter(
        prefixes, person=person, last_seen__isnull=False
    ).values_list("activity_id", "last_seen"):
        key = resource_key(iri)
        if key is not None:
            opened[(str(key[0]), key[1])] = timezone.localdate(seen)
    return opened


@dataclass(frozen=True)
class TeamOpened:
    """How many of a supervisor's people have opened each resource."""

    size: int
    counts: dict[tuple[str, int], int]

    def __bool__(self) -> bool:
        return self.size > 0


def team_resources_opened(*, user) -> TeamOpened:
    """For a supervisor: of the active people in the teams they supervise
    (sub-teams included, themselves not), how many have opened each guide,
    leaflet and vlog. Nobody supervised: empty. Two queries."""
    from crystal_learning.people.models import Person
    from crystal_learning.people.selectors import supervised_team_ids

    teams = supervised_team_ids(user=user)
    if not teams:
        return TeamOpened(0, {})
    people = Person.objects.filter(team_id__in=teams, active=True).exclude(user=user)
    size = people.count()
    prefixes = Q()
    for prefix in resource_prefixes():
        prefixes |= Q(activity_id__startswith=prefix)
    counts = {}
    for iri, count in (
        Progress.objects.filter(prefixes, person__in=people)
        .values("activity_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("activity_id", "n")
    ):
        key = resource_key(iri)
        if key is not None:
            counts[(str(key[0]), key[1])] = count
    return TeamOpened(size, counts)


def resources_seen(request, *, tracking: bool) -> tuple[dict, TeamOpened | None]:
    """For a page listing guides, leaflets and vlogs: when this learner opened
    each, and for a supervisor their team's counts (nothing in a preview)."""
    person = getattr(request.user, "person", None)
    if not (tracking and person):
        return {}, None
    return resources_opened(person=person), team_resources_opened(user=request.user)


def learning_tiles(*, site: Site | None) -> list[TilePage]:
    """The live, public tiles under the site's learning home, in tree order,
    each in the reader's language where translated."""
    tiles = in_default_locale(TilePage.objects.live().public().order_by("path"))
    if site is not None:
        tiles = tiles.descendant_of(site.root_page)
    return reader_versions(tiles)


@dataclass(frozen=True)
class ModuleStanding:
    """Where the person stands with a module, as its page and player say it:
    done as the learning record says (the quiz lock reads the same), and the
    share of the video the server has accepted as watched."""

    done: bool
    percent: int


def learner_modules(
    *, site: Site | None, person
) -> list[tuple[VideoModulePage, ModuleStanding]]:
    """Live video modules with where the person stands on each, in tree order:
    done as the learning record says, the watched share as the server credited
    it (two queries, whatever the number of modules). Each module is shown in
    the reader's language where translated; its standing is the module's."""
    modules = in_default_locale(
        VideoModulePage.objects.live().public().order_by("path")
    )
    if site is not None:
        modules = modules.descendant_of(site.root_page)
    modules = list(modules)
    done: set[str] = set()
    percents: dict[int, int] = {}
    if person is not None and modules:
        done = set(
            Progress.objects.done(ActivityKind.MODULE)
            .filter(person=person, activity_id__in=[m.activity_id for m in modules])
            .values_list("activity_id", flat=True)
        )
        shares = watched_shares(person_ids=[person.pk], modules=modules)
        percents = {
            module.pk: int(shares.get((person.pk, module.activity_id), 0.0) * 100)
            for module in modules
        }
    return [
        (
            shown,
            ModuleStanding(
                done=module.activity_id in done, percent=percents.get(module.pk, 0)
            ),
        )
        for module, shown in zip(modules, reader_versions(modules), strict=True)
    ]


def module_done(*, person, page: VideoModulePage) -> bool:
    """Done as the learning record says (the quiz lock reads the same rule)."""
    return (
        Progress.objects.done(ActivityKind.MODULE)
        .filter(person=person, activity_id=page.activity_id)
        .exists()
    )


def module_standing(*, person, page: VideoModulePage) -> ModuleStanding:
    done = module_done(person=person, page=page)
    watch = VideoWatch.objects.filter(person=person, page=default_version(page)).first()
    return ModuleStanding(done=done, percent=watch.percent if watch else 0)


def watched_shares(*, person_ids, modules) -> dict[tuple[int, str], float]:
    """(person, module IRI) -> the share of the video the server credited: the
    progress every screen shows for a video module not yet done (the record's
    completion decides "done"; this is how far along). One query; `person_ids`
    may be a sub-query."""
    by_pk = {module.pk: module.activity_id for module in modules}
    if not by_pk:
        return {}
    return {
        (person_id, by_pk[page_id]): fraction
        for person_id, page_id, fraction in VideoWatch.objects.filter(
            person_id__in=person_ids, page_id__in=by_pk
        ).values_list("person_id", "page_id", "fraction")
    }
