"""StreamField blocks for learning pages, each with icon, template and preview."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

PREVIEW_TEMPLATE = "crystal_modules/blocks/preview.html"

RECORD_BOXES = [
    ("leaflet", _("Victim of crime leaflet")),
    ("contact_details", _("Contact details left with the victim")),
    ("needs_assessment", _("Victim needs assessment (VNA)")),
    ("contact_plan", _("Contact plan")),
    ("vps", _("Victim Personal Statement (VPS)")),
    ("right_to_review", _("Right to review (on NFA)")),
    ("compensation", _("Compensation")),
]

#: The boxes completed when a crime is closed. While the case is open the
#: honest answer is "not yet applicable", not "no": a "no" there would count
#: against the compliance figures the log exists to collect (DOMAIN.md).
CLOSING_BOXES = frozenset({"right_to_review", "compensation"})


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "crystal_modules/blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        label = _("Callout")
        description = _("A highlighted point officers must not miss.")
        preview_value = {
            "heading": "A 'no' needs a reason",
            "text": "<p>If you answer no to a record box, write down why.</p>",
        }


class RecordBoxBlock(blocks.StructBlock):
    box = blocks.ChoiceBlock(choices=RECORD_BOXES, label=_("Record box"))
    what_to_record = blocks.RichTextBlock(
        features=["bold", "ul", "ol"],
        help_text=_("What the officer states in this box."),
    )
    worked_example = blocks.TextBlock(
        required=False, help_text=_("A short example entry, in an officer's words.")
    )

    class Meta:
        icon = "form"
        template = "crystal_modules/blocks/record_box.html"
        preview_template = PREVIEW_TEMPLATE
        label = _("Record box explainer")
        description = _("Explains one mandatory box of the victim care log.")
        preview_value = {
            "box": "leaflet",
            "what_to_record": "<p>Given or not, and in which format.</p>",
            "worked_example": "Leaflet emailed at 14:10; the victim prefers email.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["box_label"] = dict(RECORD_BOXES).get(value["box"], value["box"])
        return context


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=_("Link text; the document's title if empty."),
    )

    class Meta:
        icon = "doc-full"
        template = "crystal_modules/blocks/document_link.html"
        preview_template = PREVIEW_TEMPLATE
        label = _("Document link")
        description = _("A guide, leaflet or booklet to download.")

    def get_preview_value(self):
        """The newest PDF in the library, so the chooser shows a real link."""
        document = (
            get_document_model()
            .objects.filter(file__iendswith=".pdf")
            .order_by("-created_at")
            .first()
        )
        return self.to_python({"document": document.pk if document else None})


class VlogBlock(blocks.StructBlock):
    video = VideoChooserBlock()
    speaker = blocks.CharBlock(
        max_length=120, help_text=_("e.g. Assistant Chief Constable")
    )
    captions = DocumentChooserBlock(help_text=_("The vlog's WebVTT (.vtt) captions."))

    class Meta:
        icon = "media"
        template = "crystal_modules/blocks/vlog.html"
        preview_template = PREVIEW_TEMPLATE
        label = _("Vlog")
        description = _("A short video message from a chief officer, with captions.")

    def get_preview_value(self):
        """The newest video and captions file in the library, if there are any."""
        from wagtailmedia.models import get_media_model

        video = get_media_model().objects.filter(type="video").order_by("-pk").first()
        captions = (
            get_document_model()
            .objects.filter(file__iendswith=".vtt")
            .order_by("-created_at")
            .first()
        )
        return self.to_python(
            {
                "video": video.pk if video else None,
                "captions": captions.pk if captions else None,
                "speaker": "Assistant Chief Constable",
            }
        )


class LearningBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="crystal_modules/blocks/text.html",
        preview_template=PREVIEW_TEMPLATE,
        preview_value="<p>Every victim gets the same standard of care.</p>",
        description=_("Paragraphs, headings and lists."),
    )
    callout = CalloutBlock()
    record_box = RecordBoxBlock()
    document = DocumentLinkBlock()
    vlog = VlogBlock()
