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

from modules.blocks import CLOSING_BOXES, RECORD_BOXES

LEAFLET_FORMATS = [
    ("paper", _("Paper")),
    ("email", _("Email")),
    ("text", _("Text message")),
    ("accessible", _("Accessible format (e.g. easy read, large print)")),
]

#: The answers a record box takes in a scenario. "Not applicable" only for the
#: boxes completed at closure (`CLOSING_BOXES`): while the case is open, or on
#: a closed case where the box does not apply (with the reason as rationale).
BOX_ANSWERS = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("na", _("Not applicable")),
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
        choices=BOX_ANSWERS,
        label=_("Expected answer in this case"),
        help_text=_(
            "Right to review and compensation are completed when the crime is "
            "closed: while the case is open, choose 'not applicable'. On a closed "
            "case, 'not applicable' with required terms needs a rationale that "
            "says them (e.g. nobody was interviewed under caution)."
        ),
    )
    expected_format = blocks.ChoiceBlock(
        choices=LEAFLET_FORMATS,
        required=False,
        help_text=_("Leaflet box only: the format the victim asked for."),
    )
    no_acceptable = blocks.BooleanBlock(
        required=False,
        label=_("A 'no' with a good rationale is acceptable"),
        help_text=_(
            "When the expected answer is yes or not applicable, may an officer "
            "still say no (with a rationale that meets the rule)?"
        ),
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
        if any(
            box["expected"] == "na" and box["box"] not in CLOSING_BOXES
            for box in value["boxes"]
        ):
            raise StructBlockValidationError(
                block_errors={
                    "boxes": ValidationError(
                        _(
                            "Only the right to review and compensation can be "
                            "'not applicable': the other boxes are completed at "
                            "first contact."
                        )
                    )
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


class NeedsAssessmentBlock(blocks.StructBlock):
    """Practice of the victim needs assessment itself: which questions the
    officer asks this victim, and whether enhanced rights apply."""

    prompt = blocks.RichTextBlock(
        features=["bold", "italic", "ul"],
        label=_("The victim"),
        help_text=_("The victim and what happened, as the officer meets them."),
    )
    marks = blocks.IntegerBlock(default=2, min_value=1, max_value=10)
    options = blocks.ListBlock(
        OptionBlock(),
        min_num=3,
        max_num=12,
        label=_("Questions the officer might ask"),
        help_text=_(
            "Tick 'Correct' for each question that belongs in this victim's needs "
            "assessment; leave it unticked for one that does not."
        ),
    )
    enhanced = blocks.ChoiceBlock(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        label=_("Enhanced rights apply to this victim"),
    )
    enhanced_feedback = blocks.CharBlock(
        required=False,
        max_length=400,
        help_text=_("Shown after the attempt: why enhanced rights do or do not apply."),
    )
    explanation = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link", "ul"]
    )

    def clean(self, value):
        value = super().clean(value)
        asked = sum(1 for option in value["options"] if option["correct"])
        if asked < 1 or asked == len(value["options"]):
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _(
                            "Tick at least one question to ask and leave at least "
                            "one unticked, so the officer has to choose."
                        )
                    )
                }
            )
        return value

    class Meta:
        icon = "help"
        label = _("Victim needs assessment practice")
        description = _(
            "A victim, then the questions of the needs assessment: which to ask, and "
            "whether enhanced rights apply."
        )


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    scenario = ScenarioBlock()
    needs_assessment = NeedsAssessmentBlock()

    class Meta:
        block_counts = {}
