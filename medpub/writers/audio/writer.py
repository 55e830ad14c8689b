"""The audio narration: ``<slug>.mp3`` (ID3 chapters, cover) and ``<slug>.vtt`` (transcript)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from medpub.model.options import BuildOptions
from medpub.writers import BuildContext, Writer

if TYPE_CHECKING:  # the class is read before any article is (up-to-date checks): keep its import light
    from medpub.model.article import Article
    from medpub.model.document import Document
    from medpub.voices.base import Engine
    from medpub.writers.audio.record import Recording


class AudioWriter(Writer):
    name = "audio"
    outputs = {"audio": ".mp3", "transcript": ".vtt"}
    #: synthesis of the longest accepted article with the neural voice on two cores
    time_limit = 1800.0

    @classmethod
    def fingerprint(cls, options: BuildOptions) -> dict[str, str]:
        """Without ``--voice`` the voice depends on what is installed: rebuild when that changes."""
        if options.voice is not None:
            return {}
        from medpub.voices.neural import available

        return {"voice": f"default (neural installed: {available()})"}

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        from medpub.writers.audio import mp3
        from medpub.writers.audio.loudness import normalise
        from medpub.writers.audio.tags import write_tags
        from medpub.writers.audio.timings import NarrationTimings
        from medpub.writers.audio.vtt import webvtt

        recording, voice = _narrate(document, context)
        pcm, _ = normalise(recording.pcm, recording.sample_rate)
        recording = replace(recording, pcm=pcm)
        del pcm
        encoded = mp3.encode(recording.pcm, recording.sample_rate, recording.pause_points(), workers=context.threads)
        heard = recording.retimed(encoded.heard, encoded.duration)
        del recording
        targets["audio"].write_bytes(encoded.mp3)
        write_tags(targets["audio"], _metadata(document, voice, context.options.template_dir), heard.chapters)
        targets["transcript"].write_text(webvtt(heard), encoding="utf-8")
        context.artifacts.put(NarrationTimings.of(heard, targets["audio"].read_bytes(), encoded.duration))


def _narrate(document: Document, context: BuildContext) -> tuple[Recording, str]:
    """The article spoken, and the name of the engine that spoke it.

    The engines (a neural voice holds its model and pronunciation dictionaries, some
    hundred megabytes) are released when this returns, before the narration is normalised
    and encoded, so the two never take memory at the same time.
    """
    from medpub.readers.lexicon import combine, load_lexicon
    from medpub.transforms.narration import build_script
    from medpub.voices import open_engine
    from medpub.writers.audio.cache import open_cache
    from medpub.writers.audio.record import record

    options = context.options
    article = document.article
    script = build_script(document, options.template_dir)
    engine = open_engine(options.voice, article.language)
    lexicon = combine([load_lexicon(path) for path in lexicon_paths(article, options.lexicon)], article.language)
    recording = record(script, engine, rate=options.rate, cache=open_cache(options.cache_dir), lexicon=lexicon,
                       voices=voice_switcher(engine, article.language), workers=context.threads)
    return recording, engine.name


def voice_switcher(engine: Engine, language: str) -> Callable[[str], Engine]:
    """The engine for an utterance in ``other`` language: the same engine kind speaking it
    (eSpeak NG has a voice per language) when it can, with the same sample rate; else the
    article's engine, which then reads the passage in its own voice. A passage in the
    article's language from another region (an ``en`` reference in an ``en-US`` article)
    keeps the article's voice: no change of accent mid-narration, and no second copy of a
    neural model in memory."""
    from medpub.model.errors import VoiceError
    from medpub.voices import open_engine

    opened: dict[str, Engine] = {language.lower(): engine}
    own = language.lower().split("-")[0]

    def voice(other: str) -> Engine:
        if other.lower().split("-")[0] == own:
            return engine
        if other.lower() not in opened:
            try:
                found = open_engine(engine.name, other)
            except VoiceError:
                found = engine
            opened[other.lower()] = found if found.sample_rate == engine.sample_rate else engine
        return opened[other.lower()]

    return voice


def lexicon_paths(article: Article, publisher_lexicon: Path | None) -> list[Path]:
    """The article's own lexicon (``<stem>.pls`` beside it) first, then the publisher's."""
    own = article.lexicon_path
    inside = own is not None and own.is_file() and own.resolve().is_relative_to(article.base_dir.resolve())
    return [p for p in (own if inside else None, publisher_lexicon) if p is not None]


def _metadata(document: Document, voice: str, template_dir: Path | None):
    from medpub.locale.labels import labels
    from medpub.writers.audio.cover import render_cover
    from medpub.writers.audio.tags import Metadata

    article = document.article
    publisher = article.publisher.name if article.publisher else None
    artist = ", ".join(a.name for a in article.authors) or publisher or "Unknown"
    summary = article.description or article.subtitle or article.title
    words = labels(article.language, template_dir)
    return Metadata(
        title=article.title,
        artist=artist,
        album=publisher or article.title,
        language=article.language,
        comment=words.text("audio.comment", summary=summary, voice=voice),
        chapters_title=words.text("audio.chapters"),
        year=article.date.isoformat() if article.date else None,
        copyright=article.copyright,
        url=article.url,
        cover=render_cover(article.title, publisher),
    )
