"""A plain cover image for the recording: the title, and the publisher, on a dark square.

Players show it in place of album art; without one many show a blank note icon. Drawn
with Pillow's bundled font so the bytes are the same on every machine.
"""

from __future__ import annotations

import io
import textwrap

SIZE = 600
BACKGROUND = (22, 50, 79)
INK = (255, 255, 255)
MUTED = (190, 208, 226)


def render_cover(title: str, byline: str | None) -> bytes | None:
    """PNG bytes, or ``None`` when Pillow (or its FreeType support) is unavailable."""
    try:
        from PIL import Image, ImageDraw, ImageFont

        heading = ImageFont.load_default(size=44)
        small = ImageFont.load_default(size=26)
    except (ImportError, OSError, TypeError):
        return None
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = 70
    for line in textwrap.wrap(title, width=22)[:7]:
        draw.text((50, y), line, font=heading, fill=INK)
        y += 56
    if byline:
        for row, line in enumerate(textwrap.wrap(byline, width=36)[:2]):
            draw.text((50, SIZE - 110 + 34 * row), line, font=small, fill=MUTED)
    draw.rectangle((50, SIZE - 130, 150, SIZE - 124), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # optimize=True: twice the time for 7 % less
    return out.getvalue()
