"""The WebVTT transcript: one cue per utterance, at the times it is heard in the MP3.

A cue's identifier is the id of the element it reads (``how-it-is-given-p1-s2``,
``ref-smith2020``), the same id the web page and the e-book give that element, so captions,
text and media overlays point at one another; a line with no element of its own (the
credits, "End of table.") has no identifier. A ``NOTE`` marks where each chapter starts. A cue in another
language than the narration (an English reference in an Arabic article) is wrapped in a
``<lang>`` cue span, as WebVTT defines for a language switch.
"""

from __future__ import annotations

from medpub.writers.audio.record import Recording


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def webvtt(recording: Recording) -> str:
    """The transcript; its language is declared where it is used (``<track srclang>``),
    as WebVTT has no header field for it."""
    lines = ["WEBVTT", ""]
    chapter = -1
    for cue in recording.cues:
        if cue.chapter != chapter:
            chapter = cue.chapter
            mark = recording.chapters[chapter]
            lines.append(f"NOTE Chapter {chapter + 1}: {_escape(mark.title)}")
            lines.append("")
        if cue.id:
            lines.append(cue.id)
        lines.append(f"{timestamp(cue.start)} --> {timestamp(cue.end)}")
        text = _escape(cue.text)
        lines.append(f"<lang {_escape(cue.language)}>{text}</lang>" if cue.language else text)
        lines.append("")
    return "\n".join(lines)
