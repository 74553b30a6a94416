"""Wagtail pages for the learning: the learning home and its intranet tiles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class TileIndexPage(Page):
    """The learning home: the intranet tiles a force publishes for Op Crystal."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "A short welcome shown above the tiles. Say who the training is for."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["crystal_modules.TilePage"]
    max_count_per_parent = 1
    template = "crystal_modules/tile_index_page.html"

    class Meta:
        verbose_name = _("learning home")
        verbose_name_plural = _("learning homes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tiles"] = (
            TilePage.objects.child_of(self).live().public().order_by("path")
        )
        return context


class TilePage(Page):
    """An intranet tile ("Op Crystal", "Victim care"): its modules, guides, quizzes."""

    summary = models.CharField(
        _("summary"),
        max_length=200,
        blank=True,
        help_text=_("One sentence shown on the tile's card on the learning home."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What this tile covers and why it matters to officers and staff."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["crystal_modules.TileIndexPage"]
    subpage_types: list[str] = []
    template = "crystal_modules/tile_page.html"

    class Meta:
        verbose_name = _("tile")
        verbose_name_plural = _("tiles")
