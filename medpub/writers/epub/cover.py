"""A cover drawn from the title, subtitle and publisher when the article brings none.

Reading systems show the cover image in their library view, so it is a raster (PNG) image
rather than SVG, which several of them cannot draw as a thumbnail. The drawing is
deterministic: the same article and fonts give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

WIDTH, HEIGHT = 1200, 1800
MARGIN = 110
BACKGROUND = (16, 63, 84)
BAND = (226, 239, 243)
TITLE = (255, 255, 255)
SUBTITLE = (206, 230, 238)
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
#: preferred families first; any other installed font that covers the text is a fallback
PREFERRED = ("NotoSans", "NotoSerif", "DejaVuSans", "LiberationSans", "NotoNaskhArabic",
             "NotoSansHebrew", "NotoRashiHebrew", "NotoKufiArabic")


def cover_alt(title: str, subtitle: str | None, publisher: str | None, first: str | None = None) -> str:
    """The cover's text alternative: what it shows, in the order it shows it.

    ``first`` is the opening "Cover: <title>" in the book's language.
    """
    parts = [first or f"Cover: {title}"]
    if subtitle:
        parts.append(subtitle)
    if publisher:
        parts.append(publisher)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def draw_cover(title: str, subtitle: str | None, publisher: str | None, rtl: bool = False) -> bytes:
    """The PNG bytes of a 2:3 cover showing ``title``, ``subtitle`` and ``publisher``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 300, WIDTH, HEIGHT), fill=BAND)
    bar = (WIDTH - MARGIN - 160, 170, WIDTH - MARGIN, 182) if rtl else (MARGIN, 170, MARGIN + 160, 182)
    draw.rectangle(bar, fill=SUBTITLE)
    width = WIDTH - 2 * MARGIN
    y = 240
    for size in (96, 84, 72, 64, 56, 48, 42):
        font = _font(title, bold=True, size=size)
        lines = _wrap(draw, title, font, width)
        if len(lines) * size * 1.2 <= 800:
            break
    y = _draw_lines(draw, lines, font, y, int(size * 1.2), TITLE, rtl)
    if subtitle:
        font = _font(subtitle, bold=False, size=48)
        y = _draw_lines(draw, _wrap(draw, subtitle, font, width)[:6], font, y + 60, 62, SUBTITLE, rtl)
    if publisher:
        font = _font(publisher, bold=True, size=48)
        lines = _wrap(draw, publisher, font, width)[:2]
        top = HEIGHT - 150 - len(lines) * 62 // 2
        _draw_lines(draw, lines, font, top, 62, BACKGROUND, rtl)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)  # optimize=True: twice the time for 7 % less
    return out.getvalue()


def _draw_lines(draw, lines: list[str], font, y: int, step: int, fill, rtl: bool) -> int:
    for line in lines:
        x = WIDTH - MARGIN if rtl else MARGIN
        # direction needs the raqm layout engine; Pillow's built-in font has only the basic one
        shaped = rtl and _raqm(font)
        draw.text((x, y), line, font=font, fill=fill, anchor="ra" if rtl else "la",
                  direction="rtl" if shaped else None)
        y += step
    return y


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _font(text: str, bold: bool, size: int):
    from PIL import ImageFont

    path = _font_path(frozenset(text), bold) or next(iter(_candidates(bold)), None)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _raqm(font: object) -> bool:
    from PIL import ImageFont, features

    return getattr(font, "layout_engine", None) == ImageFont.Layout.RAQM and bool(features.check("raqm"))


@lru_cache(maxsize=32)
def _font_path(chars: frozenset[str], bold: bool) -> Path | None:
    """The first installed font, preferred families first, that has a glyph for every character."""
    needed = {ord(c) for c in chars if not c.isspace()}
    for path in _candidates(bold):
        if needed <= _coverage(path):
            return path
    return None


def _candidates(bold: bool) -> Iterable[Path]:
    fonts = sorted({p for d in FONT_DIRS if d.is_dir() for p in d.rglob("*.ttf")})
    weight = "Bold" if bold else "Regular"

    def rank(path: Path) -> tuple[int, int, str]:
        family, _, style = path.stem.partition("-")
        preferred = PREFERRED.index(family) if family in PREFERRED else len(PREFERRED)
        return (preferred, 0 if style == weight else 1, path.name)

    return sorted(fonts, key=rank)


@lru_cache(maxsize=256)
def _coverage(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:
        return frozenset()
