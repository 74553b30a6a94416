#!/usr/bin/env python3
"""Build the demo videos, captions and PDFs from the scripts in crystal_learning/demo.

    make demo-media        (or: .venv/bin/python scripts/build_demo_media.py)

Needs Debian's espeak-ng (narration), the ffmpeg shipped with imageio-ffmpeg (a
test extra), Pillow (a Wagtail dependency) and fpdf2. The outputs are committed
under crystal_learning/demo/assets/, so `make demo` needs none of these tools.

Each caption cue is one phrase synthesised on its own, so its timing is exact and
its text is exactly what is spoken. Each slide is a chapter. The script refuses
to write a video longer than 90 seconds or larger than 2 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crystal_learning.demo.leaflets import DOCUMENTS, SAMPLE_NOTICE  # noqa: E402
from crystal_learning.demo.narration import MODULES  # noqa: E402

ASSETS = ROOT / "crystal_learning" / "demo" / "assets"
MAX_SECONDS = 90.0
MAX_BYTES = 2 * 1024 * 1024
WIDTH, HEIGHT = 1280, 720
FPS = 5
LINE_CHARS = 42  # BBC subtitle guidance: about 37-42 characters a line, 2 lines
VOICE, WORDS_PER_MINUTE = "en-gb", 168
GAP_PHRASE, GAP_SENTENCE, GAP_SLIDE, TAIL = 0.15, 0.35, 0.8, 1.5
POLICE_BLUE = (0, 48, 120)
INK = (11, 12, 12)
GREY = (80, 90, 100)
FIXED_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


# ---------------------------------------------------------------- captions ---


def phrases(sentence: str) -> list[str]:
    """Split a sentence into caption-sized phrases (at most two lines each).

    Breaks after punctuation where the phrase is at least half full, otherwise
    at the last word that fits.
    """
    words = sentence.split()
    out: list[str] = []
    current: list[str] = []
    for word in words:
        trial = " ".join([*current, word])
        if current and len(textwrap.wrap(trial, LINE_CHARS)) > 2:
            cut = len(current)
            for i in range(len(current) - 1, len(current) // 2 - 1, -1):
                if current[i][-1] in ",;:":
                    cut = i + 1
                    break
            out.append(" ".join(current[:cut]))
            current = current[cut:]
        current.append(word)
    if current:
        out.append(" ".join(current))
    return out


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


# ------------------------------------------------------------------ speech ---


def speak(text: str, target: Path) -> float:
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            VOICE,
            "-s",
            str(WORDS_PER_MINUTE),
            "-w",
            str(target),
            text,
        ],
        check=True,
    )
    with wave.open(str(target)) as w:
        return w.getnframes() / w.getframerate()


class Narration:
    """Concatenates phrase recordings and silences into one WAV, keeping times."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []
        self.params = None
        self.seconds = 0.0

    def add_wav(self, path: Path) -> None:
        with wave.open(str(path)) as w:
            if self.params is None:
                self.params = w.getparams()
            self.frames.append(w.readframes(w.getnframes()))
            self.seconds += w.getnframes() / w.getframerate()

    def add_silence(self, seconds: float) -> None:
        assert self.params is not None
        count = round(seconds * self.params.framerate)
        self.frames.append(b"\x00" * count * self.params.sampwidth)
        self.seconds += count / self.params.framerate

    def write(self, path: Path) -> None:
        with wave.open(str(path), "wb") as w:
            w.setparams(self.params)
            for chunk in self.frames:
                w.writeframes(chunk)


# ------------------------------------------------------------------ slides ---


def font(size: int):
    from PIL import ImageFont

    # Pillow's embedded font: the same glyphs on every machine.
    return ImageFont.load_default(size=size)


def draw_slide(module: dict, slide: dict, number: int, total: int, path: Path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 96], fill=POLICE_BLUE)
    draw.text((48, 26), "Op Crystal", font=font(40), fill="white")
    draw.text((330, 36), module["title"], font=font(28), fill="white")
    y = 150
    for line in textwrap.wrap(slide["heading"], 34):
        draw.text((72, y), line, font=font(60), fill=INK)
        y += 76
    y += 40
    for bullet in slide["bullets"]:
        draw.rectangle([80, y + 14, 96, y + 30], fill=POLICE_BLUE)
        for line in textwrap.wrap(bullet, 48):
            draw.text((120, y), line, font=font(40), fill=INK)
            y += 52
        y += 20
    draw.line([(48, HEIGHT - 70), (WIDTH - 48, HEIGHT - 70)], fill=GREY, width=2)
    draw.text(
        (48, HEIGHT - 54),
        "Crystal Learning demo: sample training content",
        font=font(24),
        fill=GREY,
    )
    draw.text(
        (WIDTH - 160, HEIGHT - 54), f"{number} / {total}", font=font(24), fill=GREY
    )
    image.save(path, optimize=True)


# ------------------------------------------------------------------- video ---


def build_module(module: dict, ffmpeg: str, work: Path, out: Path) -> dict:
    narration = Narration()
    cues: list[tuple[float, float, str]] = []
    chapters: list[dict] = []
    slide_starts: list[float] = []
    slides = module["slides"]
    for s_index, slide in enumerate(slides):
        if s_index:
            narration.add_silence(GAP_SLIDE)
        slide_starts.append(narration.seconds)
        chapters.append(
            {"start_seconds": int(narration.seconds), "title": slide["heading"]}
        )
        for t_index, sentence in enumerate(slide["sentences"]):
            if t_index:
                narration.add_silence(GAP_SENTENCE)
            for p_index, phrase in enumerate(phrases(sentence)):
                if p_index:
                    narration.add_silence(GAP_PHRASE)
                wav = work / f"{module['slug']}-{len(cues):03d}.wav"
                speak(phrase, wav)
                start = narration.seconds
                narration.add_wav(wav)
                cues.append((start, narration.seconds, phrase))
    narration.add_silence(TAIL)
    duration = narration.seconds
    if duration > MAX_SECONDS:
        sys.exit(f"{module['slug']}: {duration:.1f} s is over {MAX_SECONDS:.0f} s")

    audio = work / f"{module['slug']}.wav"
    narration.write(audio)

    listing = []
    for s_index, slide in enumerate(slides):
        png = work / f"{module['slug']}-slide{s_index + 1}.png"
        draw_slide(module, slide, s_index + 1, len(slides), png)
        end = slide_starts[s_index + 1] if s_index + 1 < len(slides) else duration
        listing.append(f"file '{png}'\nduration {end - slide_starts[s_index]:.3f}")
    # The concat demuxer ignores the last duration unless the file is repeated.
    listing.append(
        f"file '{work / (module['slug'] + '-slide' + str(len(slides)) + '.png')}'"
    )
    concat = work / f"{module['slug']}.txt"
    concat.write_text("\n".join(listing) + "\n")

    video = out / f"{module['slug']}.mp4"
    subprocess.run(
        [
            ffmpeg, "-y", "-loglevel", "error",
            "-f", "concat", "-safe", "0", "-i", str(concat),
            "-i", str(audio),
            "-map", "0:v", "-map", "1:a",
            "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage",
            "-crf", "28", "-r", str(FPS), "-g", str(FPS * 10),
            "-pix_fmt", "yuv420p", "-threads", "1",
            "-x264-params", "threads=1:lookahead-threads=1",
            "-c:a", "aac", "-b:a", "48k", "-ac", "1",
            "-t", f"{duration:.3f}",
            "-map_metadata", "-1", "-movflags", "+faststart",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            str(video),
        ],
        check=True,
    )  # fmt: skip
    size = video.stat().st_size
    if size > MAX_BYTES:
        sys.exit(f"{video.name}: {size} bytes is over {MAX_BYTES}")

    vtt = out / f"{module['slug']}.vtt"
    lines = ["WEBVTT", "Kind: captions", "Language: en-GB", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        lines += [
            str(number),
            f"{timestamp(start)} --> {timestamp(end)}",
            *textwrap.wrap(text, LINE_CHARS),
            "",
        ]
    vtt.write_text("\n".join(lines))
    return {
        "slug": module["slug"],
        "video": video.name,
        "captions": vtt.name,
        "duration": round(duration, 3),
        "bytes": size,
        "chapters": chapters,
    }


# ------------------------------------------------------------------- PDFs ---


def build_pdf(document: dict, out: Path) -> dict:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(document["title"])
    pdf.set_author("Crystal Learning (sample)")
    pdf.set_subject(document["summary"])
    pdf.set_lang("en-GB")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_fill_color(*POLICE_BLUE)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", "B", 20)
    pdf.multi_cell(
        0, 12, document["title"], fill=True, padding=4, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_text_color(*INK)
    pdf.set_font("helvetica", "I", 10)
    pdf.multi_cell(
        0, 5, SAMPLE_NOTICE, border=1, padding=2, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    if document["slug"] == "victim-of-crime-leaflet":
        pdf.set_font("helvetica", "", 11)
        for label in (
            "Crime reference number",
            "Officer's name",
            "How to contact the officer",
        ):
            pdf.cell(70, 9, label + ":")
            pdf.cell(0, 9, "_" * 40, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    for heading, paragraphs in document["sections"]:
        pdf.set_font("helvetica", "B", 14)
        pdf.set_text_color(*POLICE_BLUE)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.set_font("helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(2)
    path = out / document["filename"]
    pdf.output(str(path))
    return {"slug": document["slug"], "file": path.name, "bytes": path.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["videos", "pdfs"], help="build one kind")
    parser.add_argument(
        "--out", type=Path, default=ASSETS, help=f"output folder (default {ASSETS})"
    )
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text())
        if manifest_path.exists()
        else {"modules": [], "documents": []}
    )
    if args.only in (None, "videos"):
        if shutil.which("espeak-ng") is None:
            sys.exit("espeak-ng is missing: apt-get install espeak-ng")
        import imageio_ffmpeg

        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        with tempfile.TemporaryDirectory() as tmp:
            manifest["modules"] = [
                build_module(module, ffmpeg, Path(tmp), out) for module in MODULES
            ]
    if args.only in (None, "pdfs"):
        manifest["documents"] = [build_pdf(document, out) for document in DOCUMENTS]
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    for module in manifest["modules"]:
        print(
            f"{module['video']}: {module['duration']:.1f} s, "
            f"{module['bytes'] / 1024:.0f} KiB, {len(module['chapters'])} chapters"
        )
    for document in manifest["documents"]:
        print(f"{document['file']}: {document['bytes'] / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
