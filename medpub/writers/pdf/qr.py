"""A QR code for the article's web address, as an SVG ``data:`` URI (no file, no fetch)."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """Scannable from paper: error correction M, a quiet zone of 4 modules, pure black."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
