"""The Welsh catalog: the committed .mo is the .po compiled, the .po is well
formed, and every interface string of the learner's pages has a Welsh
translation (issue 18.16; docs/welsh.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "crystal_learning" / "site" / "locale" / "cy" / "LC_MESSAGES"

#: The pages a learner sees: every {% translate %} string in these must be in Welsh.
LEARNER_TEMPLATES = [
    "crystal_learning/site/templates/base.html",
    "crystal_learning/site/templates/403.html",
    "crystal_learning/site/templates/404.html",
    "crystal_learning/site/templates/500.html",
    "crystal_learning/site/templates/crystal_site/sign_in.html",
    "crystal_learning/site/templates/crystal_site/locked_out.html",
    "crystal_learning/programmes/templates/crystal_programmes/my_training.html",
    "crystal_learning/programmes/templates/crystal_programmes/certificate.html",
    "modules/templates/crystal_modules/video_module_page.html",
    "modules/templates/crystal_modules/tile_page.html",
    "modules/templates/crystal_modules/tile_index_page.html",
    "modules/templates/crystal_modules/package_module_page.html",
    "quizzes/templates/crystal_quizzes/quiz_page.html",
    "quizzes/templates/crystal_quizzes/question.html",
    "quizzes/templates/crystal_quizzes/_question_fields.html",
    "quizzes/templates/crystal_quizzes/summary.html",
    "quizzes/templates/crystal_quizzes/result.html",
    "quizzes/templates/crystal_quizzes/time_up.html",
]
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def catalog_entries(entries) -> dict:
    found = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            found[(entry.msgctxt, entry.msgid)] = tuple(
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)
            )
        else:
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


def translated(entries: dict) -> dict:
    return {key: value for key, value in entries.items() if any(value)}


def test_the_committed_mo_is_the_po_compiled():
    po = polib.pofile(str(CATALOG / "django.po"))
    mo = polib.mofile(str(CATALOG / "django.mo"))
    assert translated(catalog_entries(mo)) == translated(catalog_entries(po)), (
        "Compile it: msgfmt -o django.mo django.po (docs/welsh.md)"
    )


def test_the_po_is_well_formed(tmp_path):
    """Placeholders match (msgfmt --check when gettext is installed)."""
    po = polib.pofile(str(CATALOG / "django.po"))
    for entry in po.translated_entries():
        wanted = sorted(re.findall(r"%\(\w+\)[sd]", entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            if entry.msgid_plural and not wanted:
                continue
            assert sorted(set(re.findall(r"%\(\w+\)[sd]", form))) == sorted(
                set(wanted)
            ), entry.msgid
    if shutil.which("msgfmt"):
        subprocess.run(
            [
                "msgfmt",
                "--check",
                "-o",
                str(tmp_path / "check.mo"),
                str(CATALOG / "django.po"),
            ],
            check=True,
            capture_output=True,
        )


def test_every_learner_interface_string_has_a_welsh_translation():
    missing = []
    for name in LEARNER_TEMPLATES:
        text = (ROOT / name).read_text(encoding="utf-8")
        for _quote, message in TRANSLATE.findall(text):
            with translation.override("cy"):
                if translation.gettext(message) == message:
                    missing.append(f"{name}: {message}")
    assert missing == [], "\n".join(missing)


def test_how_much_of_the_interface_is_in_welsh():
    """All of the learner's pages (above); the rest is counted, not required."""
    po = polib.pofile(str(CATALOG / "django.po"))
    assert po.percent_translated() >= 30
