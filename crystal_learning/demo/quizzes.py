"""The demo quizzes: one per video module, each with a bank of 10+ questions.

Written in our own words from the public facts in DOMAIN.md. Eight are victim
care log scenarios: a bike theft, a burglary victim who wants email updates, a
domestic abuse victim whose written confirmation is withheld for her safety, a
hate crime (enhanced rights, the cohesion officer's ring-back), an assault
closed as no further action after an interview under caution, a robbery closed
as no further action with nobody interviewed under caution, a witness to a road
traffic collision, and a collision with no crime and no family liaison officer.
While a case is open the right to review and compensation boxes are "not
applicable" (`na`), never "no"; on a closed case "not applicable" says why
(the right to review when nobody was interviewed under caution). Three
questions practise the victim needs assessment itself: which questions to ask,
and whether enhanced rights apply.
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
NO_CRIME = "no crime|no offence"


def needs_assessment(
    victim: str,
    questions: list[tuple[str, bool, str]],
    *,
    enhanced: bool,
    why: str,
    explanation: str,
):
    """Practice of the needs assessment: which questions to ask this victim."""
    return (
        "needs_assessment",
        {
            "prompt": victim,
            "marks": 2,
            "options": [
                {"text": text, "correct": ask, "feedback": feedback}
                for text, ask, feedback in questions
            ],
            "enhanced": "yes" if enhanced else "no",
            "enhanced_feedback": why,
            "explanation": f"<p>{explanation}</p>",
        },
    )


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
            "na",
            guidance="Not closed yet: nothing to review, so not yet applicable.",
        ),
        box(
            "compensation",
            "na",
            guidance="Given when the crime is closed: not yet applicable.",
        ),
    ],
    "Boxes 6 and 7 are completed when a crime is closed. At first contact the "
    "answer is 'not yet applicable', not 'no': a 'no' would count as a missed "
    "right in the force's compliance figures.",
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
        box("right_to_review", "na", guidance="Still open: not yet applicable."),
        box("compensation", "na", guidance="Still open: not yet applicable."),
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
        box(
            "right_to_review",
            "na",
            guidance="The file is still waiting for a decision: not yet applicable.",
        ),
        box(
            "compensation",
            "na",
            guidance="The file is still waiting for a decision: not yet applicable.",
        ),
    ],
    "Witnesses of road traffic collisions get the same care: the booklet, "
    "contact details, a needs assessment and a contact plan. The Victim Personal "
    "Statement is for victims. The closing boxes wait until the file is decided.",
)

DOMESTIC_ABUSE = scenario(
    "<p>Ms Lewis calls from a friend's house: her partner, who she still lives "
    "with, pushed her against a wall last night. He is arrested and released on "
    "bail while enquiries continue. He reads her post and her phone, so sending "
    "anything to her could put her at risk. She agrees to collect a note of the "
    "crime reference number from the station, and to be called on her work "
    "phone, weekdays after 2pm. You save your number in her phone as her "
    "dentist's.</p>",
    [
        box(
            "leaflet",
            "no",
            terms="risk|safety|unsafe",
            guidance="Not sent: sending it could put her at risk. Say so, and how "
            "she will get the details safely.",
        ),
        box("contact_details", "yes", guidance="Saved under a safe name."),
        box(
            "needs_assessment",
            "yes",
            guidance="Domestic abuse: enhanced rights, and updates on key decisions "
            "within 1 working day.",
        ),
        box(
            "contact_plan",
            "yes",
            guidance="Work phone only, weekdays after 2pm: any officer on the case "
            "must read it before calling.",
        ),
        box("vps", "yes", guidance="Offered at first contact."),
        box("right_to_review", "na", guidance="Still open: not yet applicable."),
        box("compensation", "na", guidance="Still open: not yet applicable."),
    ],
    "Written confirmation is withheld where sending it could put the victim at "
    "risk: 'no', with that reason, is the right entry. The contact plan keeps "
    "her safe too.",
)

HATE_CRIME = scenario(
    "<p>Mr Haddad runs a corner shop. For the third time this month a group of "
    "youths shouted racist abuse at him and kicked his door; this time the glass "
    "broke. He thinks they will come back. Enquiries are at an early stage. He "
    "asks for the leaflet on paper and phone calls, and would like to say how "
    "this is affecting him and his family.</p>",
    [
        box("leaflet", "yes", fmt="paper"),
        box("contact_details", "yes"),
        box(
            "needs_assessment",
            "yes",
            guidance="A hate crime, and persistently targeted: enhanced rights; "
            "refer to support within 2 working days.",
        ),
        box(
            "contact_plan",
            "yes",
            guidance="Phone calls; key decisions within 1 working day (enhanced "
            "rights). A cohesion officer makes the seven-day ring-back.",
        ),
        box("vps", "yes", guidance="He wants to make one: record the offer."),
        box("right_to_review", "na", guidance="Still open: not yet applicable."),
        box("compensation", "na", guidance="Still open: not yet applicable."),
    ],
    "Hate crime victims have enhanced rights: updates on key decisions within 1 "
    "working day. The seven-day ring-back is made by a cohesion officer, not the "
    "supervisor.",
)

ROBBERY_NFA_NO_INTERVIEW = scenario(
    "<p>Ms Ahmed was pushed to the ground and her bag was snatched; she hurt "
    "her wrist. CCTV and house-to-house enquiries found no suspect, and nobody "
    "was interviewed under caution. The crime is now closed: no further action "
    "(NFA). You phone her to tell her, as her contact plan says.</p>",
    [
        box("leaflet", "yes", fmt="paper", guidance="Given at first contact."),
        box("contact_details", "yes"),
        box("needs_assessment", "yes"),
        box("contact_plan", "yes"),
        box("vps", "yes", guidance="Offered at first contact."),
        box(
            "right_to_review",
            "na",
            no_ok=True,
            terms="no interview under caution",
            guidance="Not applicable: nobody was interviewed under caution, so the "
            "Victims' Right to Review does not apply. Say so (a 'no' saying so is "
            "accepted too).",
        ),
        box(
            "compensation",
            "yes",
            guidance="A violent crime with an injury: tell her about the Criminal "
            "Injuries Compensation Scheme; no conviction is needed.",
        ),
    ],
    "The right to review needs a suspect interviewed under caution: with nobody "
    "interviewed it does not apply, so the box is 'not applicable', with that "
    "reason. "
    "Compensation still applies: criminal injuries compensation needs no "
    "conviction.",
)

RTC_NO_CRIME = scenario(
    "<p>Roads policing. Mr Bell's car skidded on black ice into a wall; his "
    "passenger, Mrs Bell, broke her arm. No other vehicle was involved and the "
    "collision investigation found no offence: no crime is recorded. Nobody "
    "died, so no family liaison officer is deployed. Mrs Bell is frightened to "
    "travel by car. She asks for everything by email.</p>",
    [
        box(
            "leaflet",
            "yes",
            fmt="email",
            guidance="The roads policing booklet, emailed: support is offered even "
            "where there was no crime.",
        ),
        box("contact_details", "yes"),
        box(
            "needs_assessment",
            "yes",
            guidance="Frightened to travel: offer a referral to support, crime or not.",
        ),
        box("contact_plan", "yes", guidance="By email, until the file is closed."),
        box(
            "vps",
            "no",
            terms=NO_CRIME,
            guidance="No crime, so no prosecution to make a statement to.",
        ),
        box(
            "right_to_review",
            "no",
            terms=NO_CRIME,
            guidance="No crime, no suspect: nothing to review.",
        ),
        box(
            "compensation",
            "no",
            terms=NO_CRIME,
            guidance="No crime: no compensation order or criminal injuries claim. "
            "Her insurer is the route (see the booklet).",
        ),
    ],
    "The roads policing booklet's point: support is offered even where there "
    "was no crime and no family liaison officer was deployed. The collision is "
    "closed, so the closing boxes are answered now: 'no', because there was no "
    "crime.",
)

NEEDS_HATE_CRIME = needs_assessment(
    "<p>Mr Haddad's shop door has been kicked in by youths shouting racist "
    "abuse, for the third time this month. Which questions do you ask him in the "
    "victim needs assessment?</p>",
    [
        (
            "Has anything like this happened to you before?",
            True,
            "It shows whether he is persistently targeted.",
        ),
        (
            "Do you feel safe at the shop and at home?",
            True,
            "Safety needs shape the support and the contact plan.",
        ),
        (
            "Would you like us to refer you to a support service?",
            True,
            "With his agreement, within 2 working days.",
        ),
        (
            "Is there anything that would help you understand us or be understood, "
            "such as an interpreter?",
            True,
            "Right 1 applies to every victim.",
        ),
        (
            "Are you sure it was racist and not just high spirits?",
            False,
            "Never: a hate crime is recorded as the victim perceives it.",
        ),
        (
            "Do you have insurance to cover the door?",
            False,
            "Not a question of need; it belongs elsewhere, if anywhere.",
        ),
    ],
    enhanced=True,
    why="A hate crime, and he is persistently targeted.",
    explanation="The needs assessment asks about safety, support, communication "
    "and repeat victimisation, and decides whether enhanced rights apply.",
)

NEEDS_UNDER_18 = needs_assessment(
    "<p>Josh, 16, had his phone taken from him at knifepoint on the way home "
    "from school. His mother is with him. Which questions do you ask in the "
    "victim needs assessment?</p>",
    [
        (
            "How would you like us to keep you updated, and who should we speak "
            "to: you, your mum or both?",
            True,
            "Agree the contact plan with him and his parent.",
        ),
        (
            "Are you worried about going to school or seeing them again?",
            True,
            "Intimidation and safety needs.",
        ),
        (
            "Would you like to talk to someone from a support service?",
            True,
            "Referral with his agreement.",
        ),
        (
            "Why were you walking home alone?",
            False,
            "Never: it blames the victim.",
        ),
        (
            "Was the phone insured?",
            False,
            "Not a need the assessment is about.",
        ),
    ],
    enhanced=True,
    why="Everyone under 18 has enhanced rights automatically.",
    explanation="Under 18s have enhanced rights whatever the crime; the "
    "assessment still asks what he needs.",
)

NEEDS_VEHICLE_CRIME = needs_assessment(
    "<p>Mr Shah's bike was stolen from his shed overnight. He is at work all day "
    "and this has not happened to him before. Which questions do you ask in the "
    "victim needs assessment?</p>",
    [
        (
            "How and how often would you like us to update you?",
            True,
            "He chose text messages every two weeks.",
        ),
        (
            "Would you like us to refer you to a support service?",
            True,
            "Asked of every victim, even when the answer is no.",
        ),
        (
            "Has this happened to you before?",
            True,
            "Repeat victimisation can mean enhanced rights.",
        ),
        (
            "Do you want us to record this as a crime?",
            False,
            "Recording follows the crime recording standards, not the victim's choice.",
        ),
    ],
    enhanced=False,
    why="Not the most serious crime, not persistently targeted, not vulnerable "
    "or intimidated: standard rights.",
    explanation="Every victim is asked the questions; most have the standard "
    "rights, with updates on key decisions within 5 working days.",
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
                "Who makes the seven-day ring-back to a victim of hate crime?",
                [
                    ("A cohesion officer", True, ""),
                    ("The officer in the case's sergeant", False, ""),
                    ("Nobody: hate crime has no ring-back", False, ""),
                ],
                "Supervisors ring back victims of volume crime; for hate crime the "
                "ring-back is made by cohesion officers.",
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
        "summary": "The seven record boxes, with cases to complete and needs "
        "assessments to practise.",
        "intro": "<p>Includes cases where you complete the victim care log, and "
        "victims whose needs assessment you carry out. Pass mark 80%.</p>",
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
            DOMESTIC_ABUSE,
            HATE_CRIME,
            NEEDS_VEHICLE_CRIME,
            NEEDS_HATE_CRIME,
            NEEDS_UNDER_18,
        ],
    },
    {
        "slug": "quiz-closing-a-crime",
        "tile": "victim-care",
        "module": "closing-a-crime",
        "title": "Quiz 3: Closing a crime",
        "summary": "NFA, the right to review, compensation and the VPS.",
        "intro": "<p>Three scenarios, one on the roads policing variant. Pass "
        "mark 80%; three attempts.</p>",
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
            ROBBERY_NFA_NO_INTERVIEW,
            RTC_WITNESS,
        ],
    },
    {
        # Beyond the core, for roads policing: not linked from a video, so it is
        # open at once; the roads policing programme requires it.
        "slug": "quiz-roads-policing",
        "tile": "victim-care",
        "module": None,
        "title": "Quiz 4: Roads policing: after a collision",
        "summary": "Victims and witnesses of road traffic collisions, crime or not.",
        "intro": "<p>For roads policing officers. Read the roads policing booklet "
        "first. Pass mark 80%.</p>",
        "questions_per_attempt": 0,
        "questions": [
            true_false(
                "Support is offered after a road traffic collision only when a crime "
                "is recorded.",
                False,
                "The booklet's key point: support is offered even where there was "
                "no crime and no family liaison officer was deployed.",
                "Support is offered crime or not.",
            ),
            single(
                "A passenger is hurt in a collision where nobody committed an "
                "offence, and no family liaison officer is deployed. What do you "
                "do?",
                [
                    (
                        "Give the roads policing booklet, assess her needs and offer "
                        "a referral to support",
                        True,
                        "",
                    ),
                    (
                        "Nothing: with no crime, the Victims' Code does not apply",
                        False,
                        "Support is offered even where there was no crime.",
                    ),
                    (
                        "Wait for a family liaison officer to contact her",
                        False,
                        "No family liaison officer is deployed here: you are her "
                        "contact.",
                    ),
                ],
            ),
            multiple(
                "Who is the roads policing booklet for?",
                [
                    ("People hurt in a road traffic collision", True, ""),
                    ("Families of people killed or seriously injured", True, ""),
                    ("Witnesses", True, ""),
                    ("Only drivers who were charged", False, ""),
                ],
            ),
            single(
                "Who has enhanced rights after a fatal collision?",
                [
                    ("The bereaved close relatives", True, ""),
                    ("Only the driver's insurer", False, ""),
                    ("Nobody: enhanced rights are for violent crime only", False, ""),
                ],
                "Bereaved close relatives are victims of the most serious crime "
                "and have enhanced rights.",
            ),
            RTC_NO_CRIME,
        ],
    },
]
