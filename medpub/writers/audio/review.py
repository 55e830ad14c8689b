"""The narration script as reviewable text, for people and golden files.

Each utterance with its pause and the id of the element it reads (``{#id}``), and what the engine is given when that differs from what
the transcript shows (numbers, abbreviations, lexicon entries).
"""

from __future__ import annotations

from medpub.readers.lexicon import Lexicon
from medpub.transforms.script import Script
from medpub.writers.audio.record import spoken_text


def script_text(script: Script, lexicon: Lexicon | None = None) -> str:
    """The script as reviewable text: chapters, each utterance with its pause, and what the
    engine is given when that differs from what the transcript shows (golden tests)."""
    lines = []
    for number, chapter in enumerate(script.chapters, start=1):
        lines.append(f"## Chapter {number}: {chapter.title}")
        for utterance in chapter.utterances:
            anchor = f"{{#{utterance.id}}} " if utterance.id else ""
            lines.append(f"[{utterance.pause:.2f}s] {anchor}{utterance.text}")
            said, _ = spoken_text(utterance.text, script.language, lexicon)
            if said != utterance.text:
                lines.append(f"      says: {said}")
        lines.append("")
    return "\n".join(lines)
