"""Question types, edited inline on a quiz page as StreamField blocks.

Each question block and each option keeps a stable id (Wagtail's block ids), so
attempts and item analysis follow a question across edits. The correct answers
live only here and in the attempt's stored snapshot; templates never receive
them before an attempt is submitted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from modules.blocks import RECORD_BOXES

LEAFLET_FORMATS = [
    ("paper", _("Paper")),
    ("email", _("Email")),
    ("text", _("Text message")),
    ("accessible", _("Accessible format (e.g. easy read, large print)")),
]

RATIONALE_RULES = [
    ("terms", _("Judged automatically: required terms and a minimum length")),
    ("review", _("Flagged for a supervisor's review")),
]


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("Option"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.CharBlock(
        required=False,
        max_length=400,
        help_text=_("Shown with this option after the attempt, if chosen."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")


class QuestionBase(blocks.StructBlock):
    prompt = blocks.RichTextBlock(
        features=["bold", "italic", "ul"], label=_("Question")
    )
    marks = blocks.IntegerBlock(default=1, min_value=1, max_value=10)
    explanation = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Why the answer is right; shown after the attempt."),
    )


class ChoiceQuestionBlock(QuestionBase):
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=8)

    #: How many options must be marked correct: "one" or "some".
    correct_count = "one"

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        if self.correct_count == "one" and correct != 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(_("Mark exactly one option correct."))
                }
            )
        if self.correct_count == "some" and correct < 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(_("Mark at least one option correct."))
                }
            )
        return value


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One right answer among several options.")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    correct_count = "some"
    partial_credit = blocks.BooleanBlock(
        required=False,
        help_text=_(
            "Give part marks (each right option adds, each wrong one takes away). "
            "Off: all or nothing."
        ),
    )

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")
        description = _("Several right answers; all or nothing, or partial credit.")


class TrueFalseBlock(QuestionBase):
    answer = blocks.BooleanBlock(
        required=False, label=_("The statement is true"), default=True
    )
    feedback_true = blocks.CharBlock(required=False, max_length=400)
    feedback_false = blocks.CharBlock(required=False, max_length=400)

    class Meta:
        icon = "tick"
        label = _("True or false")
        description = _("A statement the learner marks true or false.")


class ScenarioBoxBlock(blocks.StructBlock):
    box = blocks.ChoiceBlock(choices=RECORD_BOXES, label=_("Record box"))
    expected = blocks.ChoiceBlock(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        label=_("Expected answer in this case"),
    )
    expected_format = blocks.ChoiceBlock(
        choices=LEAFLET_FORMATS,
        required=False,
        help_text=_("Leaflet box only: the format the victim asked for."),
    )
    no_acceptable = blocks.BooleanBlock(
        required=False,
        label=_("A 'no' with a good rationale is acceptable"),
        help_text=_("When the expected answer is yes, may an officer still say no?"),
    )
    rule = blocks.ChoiceBlock(choices=RATIONALE_RULES, default="terms")
    required_terms = blocks.CharBlock(
        required=False,
        help_text=_(
            "Comma-separated; each must appear in the rationale. Alternatives with "
            "a bar: 'email|e-mail, fortnight|14 days'."
        ),
    )
    min_length = blocks.IntegerBlock(default=20, min_value=0, max_value=1000)
    guidance = blocks.CharBlock(
        required=False,
        max_length=400,
        help_text=_("Shown after the attempt: what a good entry says."),
    )

    class Meta:
        icon = "form"
        label = _("Record box")


def _default_boxes() -> list[dict]:
    return [
        {"box": code, "expected": "yes", "rule": "terms", "min_length": 20}
        for code, _label in RECORD_BOXES
    ]


class ScenarioBlock(blocks.StructBlock):
    prompt = blocks.RichTextBlock(
        features=["bold", "italic", "ul"],
        label=_("The case"),
        help_text=_("Describe the case as the officer meets it."),
    )
    marks = blocks.IntegerBlock(default=2, min_value=1, max_value=10)
    boxes = blocks.ListBlock(
        ScenarioBoxBlock(), min_num=1, max_num=7, default=_default_boxes()
    )
    explanation = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link", "ul"]
    )

    def clean(self, value):
        value = super().clean(value)
        codes = [box["box"] for box in value["boxes"]]
        if len(codes) != len(set(codes)):
            raise StructBlockValidationError(
                block_errors={
                    "boxes": ValidationError(_("Each record box may appear once."))
                }
            )
        return value

    class Meta:
        icon = "form"
        label = _("Victim care log scenario")
        description = _(
            "A case, then the record boxes: yes or no, the leaflet's format, and a "
            "rationale for every no."
        )


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    scenario = ScenarioBlock()

    class Meta:
        block_counts = {}
