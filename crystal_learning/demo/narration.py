"""The demo videos' script: slides and the narration spoken over them.

`scripts/build_demo_media.py` turns this into the three videos, their WebVTT
captions (one cue per spoken phrase, so captions match the narration word for
word) and the chapter list (one chapter per slide). Written in our own words
from the public facts in DOMAIN.md; a force replaces these with its own films.
"""

from __future__ import annotations

MODULES = [
    {
        "slug": "why-op-crystal",
        "tile": "op-crystal",
        "title": "1. Why Op Crystal exists",
        "summary": "The standard for victim care, and why every record now counts.",
        "outcomes": [
            "Say what Op Crystal sets a standard for",
            "Name the rights the Victims' Code gives victims",
            "Explain why a 'no' in the victim care log needs a reason",
        ],
        "slides": [
            {
                "heading": "One standard for victim care",
                "bullets": [
                    "Investigation plans",
                    "Crime records",
                    "Victim care contacts",
                ],
                "sentences": [
                    "Welcome to Op Crystal, the first of three short training videos.",
                    "Op Crystal sets one clear standard for three kinds of record: "
                    "investigation plans, crime records and victim care contacts.",
                ],
            },
            {
                "heading": "Why it matters",
                "bullets": [
                    "The same information for every victim",
                    "Needs assessed and acted on",
                    "Updates the victim can rely on",
                ],
                "sentences": [
                    "Victims told us that what they heard from us depended on which "
                    "officer they met.",
                    "Op Crystal changes that.",
                    "Every victim should get consistent, good quality information "
                    "and updates, and every victim's needs should be assessed and "
                    "acted on.",
                ],
            },
            {
                "heading": "The Victims' Code",
                "bullets": [
                    "12 rights for victims of crime",
                    "Written confirmation, support, updates",
                    "Personal statement, compensation, review",
                ],
                "sentences": [
                    "The Victims' Code of Practice gives victims twelve rights.",
                    "They include written confirmation of the report, a needs "
                    "assessment and referral to support, and updates on key "
                    "decisions.",
                    "They also include the chance to make a Victim Personal "
                    "Statement, information about compensation, and the right to "
                    "ask for a review of a decision not to charge.",
                ],
            },
            {
                "heading": "What changes for you",
                "bullets": [
                    "Mandatory record boxes in the victim care log",
                    "Answer yes or no in every box",
                    "A 'no' always needs a written reason",
                ],
                "sentences": [
                    "To make this measurable, the victim care log now has "
                    "mandatory record boxes.",
                    "For each box you answer yes or no.",
                    "A no is allowed, but it always needs a written reason.",
                ],
            },
            {
                "heading": "What happens next",
                "bullets": [
                    "Supervisors check the log",
                    "Seven-day ring-backs to victims",
                    "Next: the record boxes, one by one",
                ],
                "sentences": [
                    "Supervisors check the log, and ring back victims of volume "
                    "crime after seven days.",
                    "The next video takes you through each record box.",
                ],
            },
        ],
    },
    {
        "slug": "victim-care-log",
        "tile": "op-crystal",
        "title": "2. The victim care log and its record boxes",
        "summary": "The seven mandatory record boxes and what to write in each.",
        "outcomes": [
            "Complete each of the seven record boxes",
            "Agree a contact plan with a victim at first contact",
            "Write a rationale when the answer is no",
        ],
        "slides": [
            {
                "heading": "Seven record boxes",
                "bullets": [
                    "Leaflet, contact details, needs assessment",
                    "Contact plan, personal statement",
                    "Right to review, compensation",
                ],
                "sentences": [
                    "This video explains the seven record boxes in the victim care "
                    "log, and what to write in each one.",
                ],
            },
            {
                "heading": "1 and 2: Leaflet and contact details",
                "bullets": [
                    "Leaflet given? In which format?",
                    "Paper, email, text or accessible",
                    "Your name, how to reach you, crime number",
                ],
                "sentences": [
                    "First, the victim of crime leaflet.",
                    "Record whether you gave it, and in which format: paper, "
                    "email, text message, or an accessible format.",
                    "Second, contact details.",
                    "Record that you left your name, how to reach you, and the "
                    "crime reference number.",
                ],
            },
            {
                "heading": "3: Victim needs assessment",
                "bullets": [
                    "Questions at the front of the log",
                    "Decides if enhanced rights apply",
                    "Referral within 2 working days",
                ],
                "sentences": [
                    "Third, the victim needs assessment.",
                    "It is a set of questions at the front of the log, written with "
                    "the local victim support service.",
                    "It also tells you whether the victim has enhanced rights.",
                    "Refer them to support within two working days.",
                ],
            },
            {
                "heading": "4: Contact plan",
                "bullets": [
                    "Agreed at first contact",
                    "How, how often, about what",
                    "A live record for everyone on the case",
                ],
                "sentences": [
                    "Fourth, the contact plan.",
                    "At first contact, agree how and how often the victim will be "
                    "updated, and what they want to hear about.",
                    "The plan is a live record: any officer on the case can read it "
                    "and keep it up to date.",
                ],
            },
            {
                "heading": "5 to 7: Statement, review, compensation",
                "bullets": [
                    "Victim Personal Statement offered?",
                    "Right to review and compensation: at closure",
                    "Every 'no' needs a reason",
                ],
                "sentences": [
                    "Fifth, the Victim Personal Statement.",
                    "Record whether you offered one.",
                    "Boxes six and seven, the right to review and compensation, "
                    "apply when a crime is closed.",
                    "Remember: any box answered no needs a written reason.",
                ],
            },
        ],
    },
    {
        "slug": "closing-a-crime",
        "tile": "victim-care",
        "title": "3. Closing a crime",
        "summary": (
            "No further action, the right to review, compensation and the "
            "personal statement."
        ),
        "outcomes": [
            "Tell a victim about the Victims' Right to Review",
            "Give information about compensation",
            "Check the Victim Personal Statement was offered",
        ],
        "slides": [
            {
                "heading": "Closing a crime properly",
                "bullets": [
                    "The victim hears it from us",
                    "Clearly and on time",
                ],
                "sentences": [
                    "When a crime is closed with no further action, the victim "
                    "must hear it from us, clearly and on time.",
                ],
            },
            {
                "heading": "Right to review",
                "bullets": [
                    "Suspect interviewed under caution",
                    "Decision not to charge",
                    "Victim has 3 months to ask",
                ],
                "sentences": [
                    "If a suspect was interviewed under caution and we decide not "
                    "to charge, the victim can ask for a review of that decision.",
                    "Tell them about the Victims' Right to Review.",
                    "They have three months to ask.",
                    "Record that you told them, or why not.",
                ],
            },
            {
                "heading": "Compensation",
                "bullets": [
                    "Compensation order after conviction",
                    "Criminal Injuries Compensation Scheme",
                    "Usually within 2 years; no conviction needed",
                ],
                "sentences": [
                    "Tell the victim about compensation where it applies.",
                    "A court can order an offender to pay compensation after a "
                    "conviction.",
                    "Victims of violent crime can apply to the Criminal Injuries "
                    "Compensation Scheme, usually within two years.",
                    "No conviction is needed.",
                ],
            },
            {
                "heading": "Victim Personal Statement",
                "bullets": [
                    "Not a witness statement",
                    "The victim's own words",
                    "Can be updated",
                ],
                "sentences": [
                    "Check that the victim was offered a Victim Personal Statement.",
                    "It is not a witness statement: it says, in their own words, "
                    "how the crime affected them, and they can update it.",
                ],
            },
            {
                "heading": "Key decisions and updates",
                "bullets": [
                    "Within 5 working days",
                    "1 working day with enhanced rights",
                    "Close the log with every box answered",
                ],
                "sentences": [
                    "Tell the victim about key decisions within five working days, "
                    "or one working day if they have enhanced rights.",
                    "Then close the log with every box answered.",
                ],
            },
        ],
    },
]
