"""Voice engines behind one protocol, chosen by name (``--voice``) or by the article's language.

Each engine module is imported only when chosen, so a build never loads onnxruntime or
gTTS unless it speaks with them.
"""

from __future__ import annotations

from medpub.model.errors import VoiceError
from medpub.voices.base import Engine, Speech

ENGINES = ("neural", "espeak", "gtts", "fake")

__all__ = ["ENGINES", "Engine", "Speech", "default_voice", "open_engine"]


def default_voice(language: str) -> str:
    """The best offline voice installed for ``language``: neural for English, else eSpeak NG."""
    from medpub.voices import neural

    if neural.speaks(language) and neural.available():
        return "neural"
    from medpub.voices.espeak import espeak_voice

    if espeak_voice(language):
        return "espeak"
    raise VoiceError(f"no offline voice speaks {language!r}; try --voice gtts (online)")


def open_engine(voice: str | None, language: str) -> Engine:
    """The engine named ``voice`` (or the default for ``language``), ready to speak it."""
    name = voice or default_voice(language)
    match name:
        case "neural":
            from medpub.voices.neural import NeuralEngine

            return NeuralEngine(language)
        case "espeak":
            from medpub.voices.espeak import EspeakEngine

            return EspeakEngine(language)
        case "gtts":
            from medpub.voices.gtts import GttsEngine

            return GttsEngine(language)
        case "fake":
            from medpub.voices.fake import FakeEngine

            return FakeEngine()
    raise VoiceError(f"unknown voice {name!r}; choose from {', '.join(ENGINES)}")
