"""Google's voice through gTTS: online, rate-limited, and therefore defensive.

gTTS itself sends one request per ≤100 characters with no timeout and no retry, and leaves
a 0-byte file when offline. Here every request has a timeout, a 429 or 5xx answer is
retried a bounded number of times with exponential backoff, any other failure becomes a
:class:`VoiceError` that says what happened, and audio only ever lives in memory (the
chunk cache and the build write files atomically). gTTS answers MP3; it is decoded to
PCM with miniaudio so its chunks mix with pauses like any other engine's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from io import BytesIO

from medpub.model.errors import VoiceError
from medpub.voices.base import Speech

SAMPLE_RATE = 24_000
TIMEOUT = (5.0, 20.0)  # seconds to connect, seconds between bytes
ATTEMPTS = 4
BACKOFF = 1.0  # seconds before the 2nd attempt, doubling after
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: BCP 47 region -> Google host suffix, for the accents gTTS documents
TLDS = {"en-us": "com", "en-gb": "co.uk", "en-au": "com.au", "en-ca": "ca", "en-in": "co.in",
        "en-ie": "ie", "en-za": "co.za", "en-ng": "com.ng", "fr-ca": "ca", "fr-fr": "fr",
        "pt-br": "com.br", "pt-pt": "pt", "es-mx": "com.mx", "es-es": "es"}


def gtts_language(language: str) -> str:
    """gTTS's language code for a BCP 47 tag: ``en-US`` -> ``en``, ``zh-TW`` -> ``zh-TW``."""
    tag = language.split("-")
    if tag[0].lower() == "zh":
        return "zh-TW" if any(p.upper() in {"TW", "HK", "HANT"} for p in tag[1:]) else "zh-CN"
    return tag[0].lower()


class GttsEngine:
    name = "gtts"
    sample_rate = SAMPLE_RATE
    threadsafe = False  # one request at a time: Google rate-limits bursts

    def __init__(self, language: str, *, sleep: Callable[[float], None] | None = None) -> None:
        try:
            import gtts  # noqa: F401
        except ImportError as exc:
            raise VoiceError("the gtts voice needs the gTTS package (pip install gTTS)") from exc
        self.language = gtts_language(language)
        self.tld = TLDS.get(language.lower(), "com")
        self.voice = f"{self.language}@{self.tld}"
        self._sleep = sleep

    def synthesize(self, text: str, rate: float) -> Speech:
        mp3 = self._fetch(text, slow=rate < 0.8)
        return Speech(_decode(mp3), SAMPLE_RATE)

    def _fetch(self, text: str, *, slow: bool) -> bytes:
        from gtts import gTTS, gTTSError

        delay = BACKOFF
        for attempt in range(1, ATTEMPTS + 1):
            buffer = BytesIO()
            try:
                gTTS(text, lang=self.language, tld=self.tld, slow=slow, lang_check=False,
                     timeout=TIMEOUT).write_to_fp(buffer)
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                if status is None:
                    raise VoiceError(f"gtts: cannot reach Google's text-to-speech service "
                                     f"(offline or blocked?): {exc}") from exc
                if status not in RETRY_STATUS or attempt == ATTEMPTS:
                    raise VoiceError(f"gtts: Google answered HTTP {status} after {attempt} "
                                     f"attempt{'s' if attempt > 1 else ''}: {exc}") from exc
                (self._sleep or time.sleep)(delay)
                delay *= 2
                continue
            except (AssertionError, ValueError) as exc:
                raise VoiceError(f"gtts cannot speak {text[:60]!r}: {exc}") from exc
            audio = buffer.getvalue()
            if not audio:
                raise VoiceError(f"gtts: Google sent no audio for {text[:60]!r}")
            return audio
        raise AssertionError("unreachable")


def _decode(mp3: bytes) -> bytes:
    try:
        import miniaudio
    except ImportError as exc:
        raise VoiceError("the gtts voice needs miniaudio to decode Google's MP3 (pip install miniaudio)") from exc
    try:
        sound = miniaudio.decode(mp3, output_format=miniaudio.SampleFormat.SIGNED16,
                                 nchannels=1, sample_rate=SAMPLE_RATE)
    except miniaudio.DecodeError as exc:
        raise VoiceError(f"gtts: Google's audio could not be decoded: {exc}") from exc
    return sound.samples.tobytes()
