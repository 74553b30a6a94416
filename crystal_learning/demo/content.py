"""The demo page tree: a learning home with the "Op Crystal" and "Victim care" tiles."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from modules.models import TileIndexPage, TilePage

HOME_INTRO = (
    "<p>Op Crystal sets one standard for how we look after victims of crime and how we "
    "record it. Everyone in an operational role completes three short videos and their "
    "quizzes. Start with the Op Crystal tile.</p>"
)

TILES = [
    {
        "slug": "op-crystal",
        "title": "Op Crystal",
        "summary": (
            "Why Op Crystal exists and what you must now record in the victim care log."
        ),
        "intro": (
            "<p>Op Crystal is our standard for investigation plans, crime records "
            "and victim "
            "care contacts. The victim care log now has mandatory record boxes: the "
            "victim of "
            "crime leaflet, contact details, the victims needs assessment, the "
            "contact plan, the "
            "Victim Personal Statement, the right to review and compensation.</p>"
            "<p>If you answer no to a record box, you must write down why.</p>"
        ),
    },
    {
        "slug": "victim-care",
        "title": "Victim care",
        "summary": (
            "The Victims' Code in practice: needs, updates, statements, closing crimes."
        ),
        "intro": (
            "<p>The Victims' Code gives victims 12 rights. This tile explains the "
            "ones you deliver "
            "every day: written confirmation of the report, a needs assessment and "
            "referral, "
            "updates at the agreed frequency, the Victim Personal Statement, "
            "information about "
            "compensation and the right to review a decision not to charge.</p>"
        ),
    },
]


@transaction.atomic
def demo_pages_build() -> TileIndexPage:
    """Create the learning home and tiles if missing; make the home the site root."""
    home = TileIndexPage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = root.add_child(
            instance=TileIndexPage(title="Learning", slug="learning", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Crystal Learning",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Crystal Learning"
        site.save()
        # Wagtail's welcome page is pointless once the learning home is live.
        if (
            type(old_root.specific) is Page
            and old_root.slug == "home"
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    for spec in TILES:
        if not TilePage.objects.child_of(home).filter(slug=spec["slug"]).exists():
            tile = home.add_child(instance=TilePage(**spec))
            tile.save_revision().publish()
    return home
