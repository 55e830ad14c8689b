"""Voice engines behind one protocol, chosen by name (``--voice``) or by the article's language.

The built-in engines are the table below; a distribution adds one through an entry point in
the group ``medpub.voices`` (see :mod:`medpub.model.plugins`) whose object, called with the
article's language, returns an :class:`Engine`. Each engine module is imported only when
chosen, so a build never loads onnxruntime or gTTS unless it speaks with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medpub.model.errors import MedpubError, VoiceError
from medpub.model.plugins import Registry

if TYPE_CHECKING:
    from medpub.voices.base import Engine, Speech

#: voice name -> "module:factory"; the factory takes the article's language and returns an Engine
VOICES = Registry("medpub.voices", {
    "neural": "medpub.voices.neural:NeuralEngine",
    "espeak": "medpub.voices.espeak:EspeakEngine",
    "gtts": "medpub.voices.gtts:GttsEngine",
    "fake": "medpub.voices.fake:FakeEngine",
}, kind="voice")

__all__ = ["VOICES", "Engine", "Speech", "default_voice", "open_engine"]


def __getattr__(name: str) -> Any:
    """``Engine`` and ``Speech`` on first use: the command line reads ``VOICES`` and nothing else."""
    if name in ("Engine", "Speech"):
        from medpub.voices import base

        return getattr(base, name)
    raise AttributeError(f"module 'medpub.voices' has no attribute {name!r}")


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
    try:
        factory = VOICES.load(name)
    except MedpubError as error:
        raise VoiceError(str(error)) from None
    from medpub.voices.base import Engine

    engine = factory(language)
    if not isinstance(engine, Engine):
        raise VoiceError(f"voice {name!r} made {type(engine).__name__}, which lacks the Engine attributes "
                         "(name, voice, sample_rate, threadsafe, synthesize)")
    return engine
