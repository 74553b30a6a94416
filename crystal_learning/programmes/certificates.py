"""The certificate as a PDF (fpdf2): the person, the programme, the date and the
content versions completed."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from .models import Certificate

POLICE_BLUE = (11, 58, 110)


def _latin(text: str) -> str:
    # fpdf2's core fonts are Latin-1; names outside it degrade, not fail.
    return text.replace("\u2019", "'").encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate: Certificate) -> bytes:
    person, programme = certificate.person, certificate.programme
    completed = timezone.localtime(certificate.completed_at)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate: {programme.name}")
    pdf.set_author("Crystal Learning")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(completed)
    pdf.add_page()
    pdf.set_draw_color(*POLICE_BLUE)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(30)
    pdf.set_text_color(*POLICE_BLUE)
    pdf.set_font("helvetica", "B", 30)
    pdf.cell(
        0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(11, 12, 12)
    pdf.set_font("helvetica", "", 14)
    pdf.ln(6)
    pdf.cell(0, 8, "This is to certify that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", 22)
    pdf.cell(
        0,
        14,
        _latin(f"{person.display_name} ({person.staff_number})"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("helvetica", "", 14)
    pdf.cell(0, 8, "completed", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", 20)
    pdf.cell(0, 12, _latin(programme.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 14)
    pdf.cell(
        0,
        10,
        f"on {completed:%d %B %Y}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_font("helvetica", "", 10)
    for item in certificate.versions:
        version = f" (version {item['version']})" if item.get("version") else ""
        pdf.cell(
            0,
            6,
            _latin(f"{item['requirement']}{version}"),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_y(185)
    pdf.set_font("helvetica", "I", 8)
    pdf.cell(0, 5, f"Certificate {certificate.uuid}", align="C")
    return bytes(pdf.output())
