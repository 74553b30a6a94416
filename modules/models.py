"""Wagtail pages for the learning: the learning home and its intranet tiles."""

from __future__ import annotations

import mimetypes

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from crystal_learning.xapi.activities import (
    ActivityKind,
    ActivityRef,
    activity_iri,
    activity_ref,
    tile_iri,
)
from crystal_learning.xapi.agents import homepage

from .blocks import LearningBodyBlock
from .caption_tracks import (  # noqa: F401
    CAPTION_TRACKS_PANEL,
    CaptionTrack,
    player_tracks,
)
from .captions import CaptionsInvalid, captions_from_document, transcript_for
from .durations import length_label
from .packages.models import (  # noqa: F401
    PackageLaunch,
    PackageModulePage,
    PackageUpload,
)
from .translations import (
    ReaderLanguagePage,
    default_version,
    live_children,
    reader_versions,
)


class TileIndexPage(ReaderLanguagePage, Page):
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
        context["tiles"] = reader_versions(live_children(self, TilePage))
        return context


class TilePage(ReaderLanguagePage, Page):
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

    @property
    def activity_id(self) -> str:
        return activity_iri(ActivityKind.TILE, self.translation_key)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["crystal_modules.TileIndexPage"]
    subpage_types = [
        "crystal_modules.VideoModulePage",
        "crystal_modules.ResourcePage",
        "crystal_modules.PackageModulePage",
        "crystal_quizzes.QuizPage",
    ]
    template = "crystal_modules/tile_page.html"

    class Meta:
        verbose_name = _("tile")
        verbose_name_plural = _("tiles")

    @cached_property
    def _children_state(self) -> tuple:
        """When a child was last published and how many are live: one query."""
        # Over the children and their translations: a Welsh card changes too.
        keys = Page.objects.child_of(default_version(self)).values("translation_key")
        state = Page.objects.filter(translation_key__in=keys).aggregate(
            latest=models.Max("last_published_at"),
            live=models.Count("pk", filter=models.Q(live=True)),
        )
        return (state["latest"].isoformat() if state["latest"] else None, state["live"])

    def get_cache_key_components(self):
        # The tile's cards change when a module or guide under it is published,
        # unpublished or added, not only when the tile itself is.
        return [*super().get_cache_key_components(), *self._children_state]

    def items(self) -> list[Page]:
        """The live, public modules and guides, in the editor's order (queried
        only when this version of the tile is first rendered: it is cached)."""
        from quizzes.models import QuizPage

        kinds = (VideoModulePage, ResourcePage, PackageModulePage, QuizPage)
        pages = [page for kind in kinds for page in live_children(self, kind)]
        return reader_versions(sorted(pages, key=lambda page: page.path))


class VideoModuleForm(WagtailAdminPageForm):
    """Checks what the database cannot: the captions parse and the media is a video."""

    def clean(self):
        cleaned = super().clean()
        video = cleaned.get("video")
        if video is not None and video.type != "video":
            self.add_error("video", _("Choose a video; this media item is audio."))
        captions = cleaned.get("captions")
        if captions is not None:
            try:
                captions_from_document(captions)
            except CaptionsInvalid as error:
                self.add_error("captions", str(error))
        return cleaned


class VideoModulePage(ReaderLanguagePage, Page):
    """One of the short training videos, with captions, transcript and chapters."""

    summary = models.CharField(
        _("summary"),
        max_length=200,
        blank=True,
        help_text=_("One sentence shown on the tile's card for this module."),
    )
    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The training video. Its duration is what watched time is measured against."
        ),
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions (WebVTT)"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Required to publish: a .vtt file matching the narration. The transcript "
            "under the player is made from it."
        ),
    )
    captions_language = models.CharField(
        _("captions language"), max_length=10, default="en-GB"
    )
    learning_outcomes = RichTextField(
        _("learning outcomes"),
        blank=True,
        features=["ul", "bold"],
        help_text=_("A short list: what an officer can do after this module."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=3
    )
    completion_threshold = models.FloatField(
        _("completion threshold"),
        default=0.9,
        validators=[MinValueValidator(0.5), MaxValueValidator(1.0)],
        help_text=_("Share of the video that must be watched, e.g. 0.9 for 90%."),
    )
    content_version = models.PositiveSmallIntegerField(
        _("content version"),
        default=1,
        help_text=_(
            "Raise it when the content changes enough that people should retake it."
        ),
    )
    body = StreamField(LearningBodyBlock(), blank=True, verbose_name=_("body"))
    quiz = models.ForeignKey(
        "crystal_quizzes.QuizPage",
        verbose_name=_("linked quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. The quiz opens for a learner once they have completed this "
            "video."
        ),
    )

    base_form_class = VideoModuleForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                MediaChooserPanel("video", media_type="video"),
                FieldPanel("captions"),
                FieldPanel("captions_language"),
                FieldPanel("completion_threshold"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Video"),
        ),
        CAPTION_TRACKS_PANEL,
        InlinePanel("chapters", heading=_("Chapters"), label=_("Chapter")),
        FieldPanel("learning_outcomes"),
        FieldPanel("body"),
        FieldPanel("quiz", heading=_("Linked quiz")),
        InlinePanel(
            "related_documents", heading=_("Related documents"), label=_("Document")
        ),
        FieldPanel("content_version"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["crystal_modules.TilePage"]
    subpage_types: list[str] = []
    template = "crystal_modules/video_module_page.html"

    class Meta:
        verbose_name = _("video module")
        verbose_name_plural = _("video modules")

    @cached_property
    def transcript(self):
        return transcript_for(self.captions)

    @property
    def length_label(self) -> str:
        """The video's length as its page and its card say it: from the file,
        else the editor's estimate (one rule: modules/durations.py)."""
        seconds = self.video.duration if self.video_id else None
        return length_label(seconds, fallback_minutes=self.estimated_minutes)

    @property
    def video_type(self) -> str:
        if self.video is None:
            return ""
        return mimetypes.guess_type(self.video.file.name)[0] or "video/mp4"

    def player_sources(self, *, cached: bool = True) -> dict | None:
        """The video and captions URLs, type and duration for the player.

        Cached per published version of the page (two queries saved on every
        view); previews read them afresh.
        """

        def read() -> dict | None:
            if self.video is None:
                return None
            quiz = self.quiz if self.quiz_id else None
            live_quiz = quiz is not None and quiz.live
            return {
                "video_url": self.video.url,
                "video_type": self.video_type,
                "duration": self.video.duration,
                "captions_url": self.captions.url if self.captions else "",
                "tracks": player_tracks(self),
                "quiz_title": quiz.title if live_quiz else "",
                "quiz_url": quiz.url if live_quiz else "",
            }

        if not cached or not self.pk:
            return read()
        return cache.get_or_set(f"crystal:player:{self.cache_key}", read, 300)

    @property
    def activity_id(self) -> str:
        return activity_iri(ActivityKind.MODULE, self.translation_key)

    def activity_ref(self, *, version: int | None = None) -> ActivityRef:
        """The module as statements name it: under its tile, at a content version."""
        return activity_ref(
            ActivityKind.MODULE,
            self.translation_key,
            name=default_version(self).title,  # the name map is en-GB
            parents=(tile_iri(self.get_parent()),),
            version=version or self.content_version,
        )

    def serve(self, request, *args, **kwargs):
        if request.GET.get("standing") == "json" and request.method == "GET":
            from .views import module_standing_json

            return module_standing_json(request, page=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import module_done, resources_seen

        context = super().get_context(request, *args, **kwargs)
        person = getattr(request.user, "person", None)
        # Previews (a draft, or a page not saved yet) show the player untracked.
        tracking = bool(
            self.pk and person and not getattr(request, "is_preview", False)
        )
        # One viewing record per module, on its default-locale page (docs/welsh.md).
        record_page = default_version(self)
        watch = record_page.watches.filter(person=person).first() if tracking else None
        context["watch"] = watch
        context["module_done"] = tracking and module_done(person=person, page=self)
        context["tracking"] = tracking
        context["player"] = self.player_sources(cached=tracking)
        context["xapi_homepage"] = homepage()
        context["chapters"] = self.chapters.all()
        context["documents"] = self.related_documents.select_related("document")
        # Read by the uncached Documents list only (body blocks are cached).
        context["documents_opened"], context["documents_team"] = resources_seen(
            request, tracking=tracking
        )
        return context


class VideoChapter(Orderable):
    page = ParentalKey(
        VideoModulePage, on_delete=models.CASCADE, related_name="chapters"
    )
    start_seconds = models.PositiveIntegerField(_("starts at (seconds)"))
    title = models.CharField(_("title"), max_length=120)

    panels = [FieldPanel("start_seconds"), FieldPanel("title")]

    @property
    def start_label(self) -> str:
        minutes, seconds = divmod(self.start_seconds, 60)
        return f"{minutes}:{seconds:02d}"


class RelatedDocument(Orderable):
    page = ParentalKey(
        VideoModulePage, on_delete=models.CASCADE, related_name="related_documents"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("label"), max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]


class ResourcePage(Page):
    """A guide or information page on a tile (e.g. the roads policing booklet)."""

    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = StreamField(LearningBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["crystal_modules.TilePage"]
    subpage_types: list[str] = []
    template = "crystal_modules/resource_page.html"

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_context(self, request, *args, **kwargs):
        from .selectors import resources_seen

        context = super().get_context(request, *args, **kwargs)
        # Not cached: each learner sees when they opened each document.
        tracking = not getattr(request, "is_preview", False)
        context["resources_opened"], context["resources_team"] = resources_seen(
            request, tracking=tracking
        )
        return context


# The viewing record's models live in viewing_models.py; imported here so
# Django (and every `from modules.models import VideoWatch`) finds them.
from .viewing_models import VideoSession, VideoWatch, ViewingClock  # noqa: E402, F401
