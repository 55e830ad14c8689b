"""The narration script: chapters of utterances, each with the pause that follows it.

One structure feeds everything the listener gets: the audio is the utterances spoken in
order with their pauses, the ID3 chapters are the chapters, and the WebVTT cues are the
utterances, so chapter marks and captions can never disagree with the sound.
"""

from __future__ import annotations

from dataclasses import dataclass

#: seconds of silence after an utterance, by role: a full stop must sound longer than a comma
#: (≈0.15–0.3 s inside an utterance, the voice's own), the end of a reference longer than any
#: pause inside one, so a listener hears the structure (issue: listening quality).
SENTENCE = 0.55
ITEM = 0.65
PARAGRAPH = 0.9
HEADING = 0.8
REFERENCE = 1.0
CHAPTER = 1.6


@dataclass(frozen=True, slots=True)
class Utterance:
    """One sentence, list item, table row, heading or reference; ``text`` is what the
    transcript shows, and what is spoken once normalised for speech. ``language`` is set
    when the utterance is in another language than the script (a cited English source).

    ``id`` is the id of the element it reads in every other output (the WebVTT cue id and
    the media overlay's text reference); ``source`` is that element's own text ("(Bai,
    2023)" where ``text`` says "(reference 3)"). Lines with no element of their own (the
    credits, "End of table.") have neither.
    """

    text: str
    pause: float = SENTENCE
    heading: bool = False
    language: str | None = None
    id: str = ""
    source: str = ""


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
