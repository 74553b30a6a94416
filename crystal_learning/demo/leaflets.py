"""The demo documents: a victim of crime leaflet and a roads policing booklet.

Samples for training, in our own words from the public facts in DOMAIN.md. The
same text becomes the PDF (`scripts/build_demo_media.py`) and the accessible
HTML version on the resource page, so the two never disagree.
"""

from __future__ import annotations

SAMPLE_NOTICE = (
    "Sample for training. Not an official document: check the Victims' Code for "
    "the exact wording of each right."
)

DOCUMENTS = [
    {
        "slug": "victim-of-crime-leaflet",
        "tile": "victim-care",
        "title": "Victim of crime leaflet",
        "summary": (
            "What a victim is given: their rights, support and what happens next."
        ),
        "filename": "victim-of-crime-leaflet.pdf",
        "sections": [
            (
                "You have reported a crime",
                [
                    "Thank you for reporting it to us. This leaflet explains what "
                    "happens next, the support you can have and your rights under "
                    "the Code of Practice for Victims of Crime (the Victims' Code).",
                    "Your crime reference number and the name and contact details "
                    "of the officer dealing with your report are written below. "
                    "Please quote the reference number whenever you contact us.",
                ],
            ),
            (
                "Your rights",
                [
                    "The Victims' Code gives you 12 rights. Some apply even if you "
                    "decide not to report the crime: to understand and be "
                    "understood, to be referred to support services, and to make a "
                    "complaint.",
                    "You have the right to written confirmation of your report. It "
                    "can be a letter, an email, a text message or a handwritten "
                    "note. If sending it to you could put you at risk, tell us and "
                    "we will agree a safe way.",
                ],
            ),
            (
                "Your needs and support",
                [
                    "We will ask you some questions to understand what support you "
                    "need. If you agree, we will refer you to the local victim "
                    "support service within 2 working days.",
                    "Some victims have enhanced rights: for example victims of the "
                    "most serious crimes, victims who are persistently targeted, and "
                    "vulnerable or intimidated victims. Everyone under 18 has "
                    "enhanced rights.",
                ],
            ),
            (
                "Updates",
                [
                    "We will agree with you how you would like to be updated, how "
                    "often, and what about. We will tell you about key decisions, "
                    "such as an arrest, an interview under caution, bail or a "
                    "decision not to investigate, within 5 working days, or within "
                    "1 working day if you have enhanced rights.",
                ],
            ),
            (
                "Your Victim Personal Statement",
                [
                    "You can make a Victim Personal Statement. It is not a witness "
                    "statement: it tells the court, in your own words, how the crime "
                    "has affected you. You can say whether you would like it read "
                    "aloud in court, and you can update it later.",
                ],
            ),
            (
                "Compensation",
                [
                    "If someone is convicted, the court can order them to pay you "
                    "compensation. If you were injured by a violent crime you may be "
                    "able to claim from the Criminal Injuries Compensation Scheme. "
                    "You should normally claim within 2 years, and nobody needs to "
                    "have been convicted.",
                ],
            ),
            (
                "If we decide to take no further action",
                [
                    "If a suspect was interviewed under caution and we decide not to "
                    "charge them, you can ask us to review that decision under the "
                    "Victims' Right to Review. Ask within 3 months. We will "
                    "acknowledge your request within 10 working days and aim to "
                    "give you our answer within about 30 working days.",
                ],
            ),
            (
                "If you are unhappy with our service",
                [
                    "Tell us first: we will look into it. If you are still unhappy, "
                    "your MP can refer your complaint to the Parliamentary and "
                    "Health Service Ombudsman.",
                ],
            ),
        ],
    },
    {
        "slug": "roads-policing-booklet",
        "tile": "victim-care",
        "title": "Roads policing: information after a road traffic collision",
        "summary": (
            "For victims and witnesses of road traffic collisions: support is "
            "offered even where there was no crime."
        ),
        "filename": "roads-policing-booklet.pdf",
        "sections": [
            (
                "After a road traffic collision",
                [
                    "This booklet is for people hurt in a road traffic collision, "
                    "the families of people killed or seriously injured, and "
                    "witnesses. A roads policing officer will give you a collision "
                    "reference number and their contact details.",
                ],
            ),
            (
                "What happens next",
                [
                    "Officers may examine the scene and the vehicles, and ask "
                    "witnesses for statements. Serious collisions are investigated "
                    "by specialist collision investigators, which can take several "
                    "months.",
                    "We will agree with you how and how often you will be updated, "
                    "and tell you about key decisions such as an arrest, a charge or "
                    "a decision to take no further action.",
                ],
            ),
            (
                "Support is for you, even if there was no crime",
                [
                    "We offer you support whether or not a crime was committed. "
                    "Many collisions involve no offence by anyone, and most do not "
                    "need a family liaison officer: you can still have support, "
                    "and we will still keep you updated.",
                    "We will ask about your needs and, with your agreement, refer "
                    "you to a support service. Bereaved close relatives have "
                    "enhanced rights under the Victims' Code, including a family "
                    "liaison officer where one is appointed.",
                ],
            ),
            (
                "Vehicles and insurance",
                [
                    "Ask the officer where a vehicle has been taken and how to "
                    "collect it. Drivers involved must exchange their details; if "
                    "the other driver was uninsured or cannot be traced, your "
                    "insurer or a solicitor can tell you how to claim.",
                ],
            ),
            (
                "Statements and the court",
                [
                    "If you saw the collision, you may be asked for a witness "
                    "statement. If you are a victim, you can also make a Victim "
                    "Personal Statement about how the collision has affected you.",
                ],
            ),
            (
                "If no further action is taken",
                [
                    "If a driver was interviewed under caution and we decide not to "
                    "charge them, you can ask for the decision to be reviewed under "
                    "the Victims' Right to Review, within 3 months.",
                ],
            ),
        ],
    },
]
