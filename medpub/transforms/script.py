"""The narration script: chapters of utterances, each with the pause that follows it.

One structure feeds everything the listener gets: the audio is the utterances spoken in
order with their pauses, the ID3 chapters are the chapters, and the WebVTT cues are the
utterances, so chapter marks and captions can never disagree with the sound.
"""

from __future__ import annotations

from dataclasses import dataclass

#: seconds of silence after an utterance, by role
SENTENCE = 0.3
PARAGRAPH = 0.6
ITEM = 0.45
HEADING = 0.7
CHAPTER = 1.2


@dataclass(frozen=True, slots=True)
class Utterance:
    """One sentence, list item, table row, heading or reference; ``text`` is what the
    transcript shows, and what is spoken once normalised for speech. ``language`` is set
    when the utterance is in another language than the script (a cited English source)."""

    text: str
    pause: float = SENTENCE
    heading: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    utterances: tuple[Utterance, ...]


@dataclass(frozen=True, slots=True)
class Script:
    language: str
    chapters: tuple[Chapter, ...]

    def utterances(self) -> list[Utterance]:
        return [u for chapter in self.chapters for u in chapter.utterances]
