"""The demo quizzes: one per video module, each with a bank of 10+ questions.

Written in our own words from the public facts in DOMAIN.md. Four are victim
care log scenarios (a bike theft, a burglary victim who wants email updates, an
assault closed as no further action after an interview under caution, and a
witness to a road traffic collision).
"""

from __future__ import annotations


def single(prompt: str, options: list[tuple[str, bool, str]], explanation: str = ""):
    return (
        "single_choice",
        {
            "prompt": f"<p>{prompt}</p>",
            "marks": 1,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "options": [
                {"text": text, "correct": correct, "feedback": feedback}
                for text, correct, feedback in options
            ],
        },
    )


def multiple(
    prompt: str,
    options: list[tuple[str, bool, str]],
    explanation: str = "",
    *,
    partial: bool = True,
):
    kind, value = single(prompt, options, explanation)
    value["partial_credit"] = partial
    return ("multiple_choice", value)


def true_false(statement: str, answer: bool, explanation: str, wrong: str = ""):
    return (
        "true_false",
        {
            "prompt": f"<p>{statement}</p>",
            "marks": 1,
            "answer": answer,
            "feedback_true": "" if answer else wrong,
            "feedback_false": wrong if answer else "",
            "explanation": f"<p>{explanation}</p>",
        },
    )


def box(
    code: str,
    expected: str,
    *,
    fmt: str = "",
    no_ok: bool = False,
    terms: str = "",
    min_length: int = 15,
    rule: str = "terms",
    guidance: str = "",
) -> dict:
    return {
        "box": code,
        "expected": expected,
        "expected_format": fmt,
        "no_acceptable": no_ok,
        "rule": rule,
        "required_terms": terms,
        "min_length": min_length,
        "guidance": guidance,
    }


def scenario(case: str, boxes: list[dict], explanation: str):
    return (
        "scenario",
        {
            "prompt": case,
            "marks": 3,
            "boxes": boxes,
            "explanation": f"<p>{explanation}</p>",
        },
    )


NOT_CLOSED = "not closed|ongoing|open|still being investigated|under investigation"

BIKE_THEFT = scenario(
    "<p>You attend a report of a pedal cycle stolen from a shed overnight. The "
    "victim, Mr Shah, is at work all day and asks for everything by text message. "
    "There are no witnesses and no CCTV yet; enquiries continue. You explain the "
    "Victims' Code, leave your details and agree text updates every two weeks.</p>",
    [
        box("leaflet", "yes", fmt="text", guidance="Sent by text, as he asked."),
        box("contact_details", "yes"),
        box("needs_assessment", "yes"),
        box("contact_plan", "yes", guidance="Text updates every two weeks."),
        box("vps", "yes", guidance="Offered at first contact."),
        box(
            "right_to_review",
            "no",
            terms=NOT_CLOSED,
            guidance="Not closed yet: nothing to review.",
        ),
        box(
            "compensation",
            "no",
            terms=NOT_CLOSED,
            guidance="Given when the crime is closed.",
        ),
    ],
    "Boxes 6 and 7 apply when a crime is closed. At first contact the answer is "
    "no, with the reason: the investigation is still open.",
)

BURGLARY_EMAIL = scenario(
    "<p>Ms Carter's home was burgled while she was on holiday. She lives alone, "
    "is anxious about it happening again, and asks to be updated by email only, "
    "because she cannot take calls at work. She would like to say how the "
    "burglary has affected her. The investigation is at an early stage.</p>",
    [
        box("leaflet", "yes", fmt="email", guidance="Emailed, as she prefers."),
        box("contact_details", "yes"),
        box(
            "needs_assessment",
            "yes",
            guidance="Anxious and living alone: refer to support within 2 working "
            "days.",
        ),
        box(
            "contact_plan",
            "yes",
            guidance="Email only, at an agreed frequency, on the things she wants "
            "to hear about.",
        ),
        box("vps", "yes", guidance="She wants to make one: record the offer."),
        box("right_to_review", "no", terms=NOT_CLOSED),
        box("compensation", "no", terms=NOT_CLOSED),
    ],
    "The contact plan records her choice of email; any officer on the case can "
    "read and follow it.",
)

ASSAULT_NFA = scenario(
    "<p>Mr Okafor was punched outside a bar and needed stitches. A suspect was "
    "identified and interviewed under caution. The decision is no further action "
    "(NFA): there is not enough evidence to charge. You call Mr Okafor to tell "
    "him, and post a letter confirming it, because he has no email.</p>",
    [
        box("leaflet", "yes", fmt="paper"),
        box("contact_details", "yes"),
        box("needs_assessment", "yes"),
        box("contact_plan", "yes"),
        box(
            "vps",
            "yes",
            no_ok=True,
            rule="review",
            guidance="Offered; if he declined, the rationale says so.",
        ),
        box(
            "right_to_review",
            "yes",
            guidance="A suspect was interviewed under caution and not charged: he "
            "must be told he can ask for a review within 3 months.",
        ),
        box(
            "compensation",
            "yes",
            guidance="A violent crime with injury: tell him about the Criminal "
            "Injuries Compensation Scheme (no conviction needed).",
        ),
    ],
    "Both closing boxes apply: NFA after an interview under caution means the "
    "Victims' Right to Review, and an injury from violent crime means "
    "information about criminal injuries compensation.",
)

RTC_WITNESS = scenario(
    "<p>Roads policing. Ms Doyle saw a van hit a cyclist at a junction and "
    "stopped to help. She is shaken. She is a witness, not a victim of the "
    "offence. You give her the roads policing booklet on paper, leave your "
    "details, and agree to phone her when the file is sent for a decision.</p>",
    [
        box("leaflet", "yes", fmt="paper", guidance="The roads policing booklet."),
        box("contact_details", "yes"),
        box("needs_assessment", "yes", guidance="Shaken: offer support."),
        box("contact_plan", "yes", guidance="A phone call at the file decision."),
        box(
            "vps",
            "no",
            terms="witness|not a victim",
            guidance="A VPS is for victims; she is a witness.",
        ),
        box("right_to_review", "no", terms=NOT_CLOSED + "|witness"),
        box("compensation", "no", terms="witness|not a victim|" + NOT_CLOSED),
    ],
    "Witnesses of road traffic collisions get the same care: the booklet, "
    "contact details, a needs assessment and a contact plan. The Victim Personal "
    "Statement is for victims.",
)


QUIZZES = [
    {
        "slug": "quiz-why-op-crystal",
        "tile": "op-crystal",
        "module": "why-op-crystal",
        "title": "Quiz 1: Why Op Crystal exists",
        "summary": "Questions on the standard and the Victims' Code.",
        "intro": "<p>Watch the first video before you start. You need 80% to pass "
        "and can try as often as you like.</p>",
        "questions_per_attempt": 8,
        "questions": [
            multiple(
                "Op Crystal sets one standard for which kinds of record?",
                [
                    ("Investigation plans", True, ""),
                    ("Crime records", True, ""),
                    ("Victim care contacts", True, ""),
                    ("Duty rosters", False, "Rosters are not part of Op Crystal."),
                ],
                "Investigation plans, crime records and victim care contacts.",
            ),
            single(
                "How many rights does the Victims' Code give victims?",
                [
                    ("7", False, "Seven is the number of record boxes."),
                    ("12", True, ""),
                    ("5", False, ""),
                    ("20", False, ""),
                ],
                "The Code in force since 1 April 2021 gives victims 12 rights.",
            ),
            true_false(
                "A 'no' in a victim care log record box needs a written rationale.",
                True,
                "A no is allowed, but it always needs a reason: that is what makes "
                "compliance measurable.",
                "Every no needs a written reason.",
            ),
            single(
                "What makes compliance with the Victims' Code measurable under Op "
                "Crystal?",
                [
                    ("Mandatory yes/no record boxes in the victim care log", True, ""),
                    ("A monthly survey of officers", False, ""),
                    ("Supervisors' memory of each case", False, ""),
                ],
            ),
            true_false(
                "Some rights apply even if the crime is never reported to the police.",
                True,
                "Understanding and being understood, referral to support and the "
                "right to complain apply regardless.",
            ),
            single(
                "Which victims do supervisors ring back after seven days?",
                [
                    ("Victims of volume crime", True, ""),
                    ("Only victims of murder", False, ""),
                    ("No one: ring-backs were stopped", False, ""),
                ],
                "Seven-day ring-backs check victims of volume crime have what they "
                "need.",
            ),
            single(
                "What is written confirmation of a crime report required to include?",
                [
                    (
                        "The basic offence details, the crime reference number and "
                        "the officer's contact details",
                        True,
                        "",
                    ),
                    ("The suspect's name and address", False, "Never include that."),
                    ("Only the crime reference number", False, ""),
                ],
            ),
            true_false(
                "Written confirmation must always be sent by post.",
                False,
                "Letter, email, text or a handwritten note; sent safely where "
                "sending it could put the victim at risk.",
                "It can be a letter, email, text or handwritten note.",
            ),
            multiple(
                "Which of these are rights under the Victims' Code?",
                [
                    ("A needs assessment and referral to support", True, ""),
                    ("Information about compensation", True, ""),
                    ("Choosing the officer in the case", False, ""),
                    ("Making a Victim Personal Statement", True, ""),
                ],
                partial=True,
            ),
            BIKE_THEFT,
        ],
    },
    {
        "slug": "quiz-victim-care-log",
        "tile": "op-crystal",
        "module": "victim-care-log",
        "title": "Quiz 2: The victim care log",
        "summary": "The seven record boxes, including a scenario to complete.",
        "intro": "<p>Includes a case where you complete the victim care log. "
        "Pass mark 80%.</p>",
        "questions_per_attempt": 0,
        "questions": [
            single(
                "In which formats can the victim of crime leaflet be given?",
                [
                    ("Paper, email, text message or an accessible format", True, ""),
                    ("Paper only", False, ""),
                    ("Only by email", False, ""),
                ],
            ),
            single(
                "Within how long should a victim who wants support be referred?",
                [
                    ("2 working days", True, ""),
                    ("5 working days", False, "That is for updates on decisions."),
                    ("1 month", False, ""),
                ],
            ),
            true_false(
                "The contact plan is agreed with the victim at first contact.",
                True,
                "Method, frequency and what they want updates about.",
            ),
            true_false(
                "Only the officer who wrote the contact plan may update it.",
                False,
                "It is a live record any officer on the case can read and update.",
            ),
            multiple(
                "What does a contact plan record?",
                [
                    ("How the victim wants to be updated", True, ""),
                    ("How often", True, ""),
                    ("What they want to be updated on", True, ""),
                    ("The suspect's criminal record", False, ""),
                ],
            ),
            single(
                "What does the victim needs assessment also decide?",
                [
                    ("Whether enhanced rights apply", True, ""),
                    ("Whether the crime is recorded", False, ""),
                    ("Which court hears the case", False, ""),
                ],
            ),
            true_false(
                "A Victim Personal Statement is a kind of witness statement.",
                False,
                "It says, in the victim's own words, how the crime affected them.",
            ),
            single(
                "Who automatically has enhanced rights?",
                [
                    ("Every victim under 18", True, ""),
                    ("Every victim over 65", False, ""),
                    ("Victims of vehicle crime", False, ""),
                ],
            ),
            multiple(
                "Which record boxes are completed when a crime is closed?",
                [
                    ("Right to review", True, ""),
                    ("Compensation", True, ""),
                    ("Contact details", False, "That is done at first contact."),
                ],
            ),
            BURGLARY_EMAIL,
        ],
    },
    {
        "slug": "quiz-closing-a-crime",
        "tile": "victim-care",
        "module": "closing-a-crime",
        "title": "Quiz 3: Closing a crime",
        "summary": "NFA, the right to review, compensation and the VPS.",
        "intro": "<p>Two scenarios, one on the roads policing variant. Pass mark "
        "80%; three attempts.</p>",
        "questions_per_attempt": 0,
        "attempts_allowed": 3,
        "questions": [
            single(
                "When does the Victims' Right to Review apply?",
                [
                    (
                        "A suspect was interviewed under caution and the police "
                        "decide not to charge",
                        True,
                        "",
                    ),
                    ("Whenever a victim is unhappy", False, "That is a complaint."),
                    ("Only after a trial", False, ""),
                ],
            ),
            single(
                "How long does a victim have to ask for a review?",
                [
                    ("3 months", True, ""),
                    ("10 working days", False, "That is the acknowledgement."),
                    ("2 years", False, "That is for criminal injuries claims."),
                ],
            ),
            single(
                "Within how long is a review request acknowledged?",
                [
                    ("10 working days", True, ""),
                    ("1 working day", False, ""),
                    ("3 months", False, ""),
                ],
            ),
            true_false(
                "A claim to the Criminal Injuries Compensation Scheme needs a "
                "conviction.",
                False,
                "No conviction is needed; claims are normally made within 2 years.",
            ),
            single(
                "Who can make a compensation order?",
                [
                    ("A court, after a conviction", True, ""),
                    ("The officer in the case", False, ""),
                    ("The victim support service", False, ""),
                ],
            ),
            single(
                "A victim with enhanced rights must be told of key decisions within…",
                [
                    ("1 working day", True, ""),
                    ("5 working days", False, "That is the standard right."),
                    ("2 weeks", False, ""),
                ],
            ),
            true_false(
                "A victim can say whether they want their Victim Personal Statement "
                "read aloud in court.",
                True,
                "The court decides, but the victim's wish is recorded.",
            ),
            multiple(
                "Which are key decisions a victim must be told about?",
                [
                    ("An arrest", True, ""),
                    ("An interview under caution", True, ""),
                    ("A decision not to investigate", True, ""),
                    ("The officer's shift pattern", False, ""),
                ],
            ),
            single(
                "After a complaint to the police, where can a victim still unhappy go?",
                [
                    (
                        "Through their MP to the Parliamentary and Health Service "
                        "Ombudsman",
                        True,
                        "",
                    ),
                    ("Straight to the Crown Court", False, ""),
                    ("Nowhere", False, ""),
                ],
            ),
            ASSAULT_NFA,
            RTC_WITNESS,
        ],
    },
]
