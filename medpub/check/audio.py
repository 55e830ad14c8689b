"""Audio checks on the narration (MP3) and its WebVTT transcript.

- chapters: an ID3 table of contents (CTOC, top level, ordered) whose CHAP frames start at
  0, rise strictly, stay inside the audio and carry titles matching the transcript's
  chapter cues;
- transcript: well-formed cues in order, the last ending before the audio's end by no more than the
  ACX tail of silence (5 s);
- loudness: integrated loudness and true peak by FFmpeg's EBU R 128 meter. Target −16 LUFS
  ±2 (the spoken-word podcast norm) and true peak at most −1 dBTP. medpub does not normalise
  its narration yet, so loudness out of range only warns; a true peak above −1 dBTP fails,
  since lossy decoders clip it;
- ASR round trip: the disclaimer's stretch of audio, cut by the transcript's times, decoded by
  PocketSphinx and compared with the transcript (word error rate by jiwer). PocketSphinx's
  US English model hears synthetic voices imperfectly (eSpeak NG measures WER ≈ 0.86 on the
  example, the neural voice ≈ 0.10), so a high WER warns — listen to it — and never fails.

Imports from the core: ``medpub.model.document`` (``Paragraph``, ``plain_text``) for the disclaimer.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medpub.readers.document import read_document

from . import tools
from .model import Finding, Outcome, Status

if TYPE_CHECKING:
    from .registry import Target

TARGET_LUFS = -16.0
LUFS_TOLERANCE = 2.0
MAX_TRUE_PEAK = -1.0
#: the last cue must end this close to the end of the audio (seconds)
#: the audio may end in silence after the last cue: ACX asks for 1–5 s
COVERAGE_TOLERANCE = 5.5
#: a word error rate above this warns
ASR_WER_WARN = 0.35
TIMING = re.compile(r"^(\S+)\s+-->\s+(\S+)")


@dataclass(frozen=True)
class Cue:
    id: str | None
    start: float
    end: float
    text: str


def seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def read_cues(vtt: Path) -> list[Cue]:
    """The cues of a WebVTT file (ValueError when it is not WebVTT)."""
    text = vtt.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("WEBVTT"):
        raise ValueError(f"{vtt.name} does not start with WEBVTT")
    cues = []
    for block in re.split(r"\n{2,}", text.strip())[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        ident = None if TIMING.match(lines[0]) else lines.pop(0)
        match = TIMING.match(lines[0]) if lines else None
        if not match:
            raise ValueError(f"{vtt.name}: a cue without timing: {block[:80]!r}")
        cues.append(Cue(ident, seconds(match[1]), seconds(match[2]), " ".join(lines[1:]).strip()))
    return cues


def duration(mp3: Path) -> float:
    from mutagen.mp3 import MP3

    info: Any = MP3(mp3).info
    return float(info.length)


def _mutagen_version() -> str | None:
    return tools.package_version("mutagen")


def check_chapters(target: Target) -> Outcome:
    tools.module("mutagen", "pip install mutagen")
    from mutagen.id3 import ID3, CTOCFlags, ID3NoHeaderError

    mp3 = target.files["audio"]
    try:
        tags = ID3(mp3)
    except ID3NoHeaderError:
        tags = None
    tocs = tags.getall("CTOC") if tags is not None else []
    chapters = {c.element_id: c for c in tags.getall("CHAP")} if tags is not None else {}
    if not tocs or not chapters:
        return Outcome(Status.FAIL, "no chapters", [Finding(
            f"{mp3.name} has no ID3 chapters (CHAP frames in a CTOC table of contents): listeners cannot skip to a "
            "section")], _mutagen_version())
    findings = []
    top = next((t for t in tocs if t.flags & CTOCFlags.TOP_LEVEL), tocs[0])
    if not top.flags & CTOCFlags.ORDERED:
        findings.append(Finding("The table of contents (CTOC) is not flagged as ordered"))
    missing = [i for i in top.child_element_ids if i not in chapters]
    findings += [Finding(f"The table of contents names chapter {i!r}, which does not exist") for i in missing]
    ordered = [chapters[i] for i in top.child_element_ids if i in chapters]
    length_ms = duration(mp3) * 1000
    titles = [str(c.sub_frames["TIT2"]) if "TIT2" in c.sub_frames else "" for c in ordered]
    findings += [Finding(f"Chapter {n} has no title (TIT2)") for n, t in enumerate(titles, 1) if not t.strip()]
    if ordered and ordered[0].start_time != 0:
        findings.append(Finding(f"The first chapter starts at {ordered[0].start_time} ms, not 0"))
    for n, (a, b) in enumerate(zip(ordered, ordered[1:]), 2):
        if b.start_time <= a.start_time:
            findings.append(Finding(f"Chapter {n} ({titles[n - 1]!r}) starts at {b.start_time} ms, not after chapter "
                                    f"{n - 1} ({a.start_time} ms)"))
    findings += [Finding(f"Chapter {n} ends at {c.end_time} ms, after the audio ({length_ms:.0f} ms)")
                 for n, c in enumerate(ordered, 1) if c.end_time > length_ms + 50]
    spoken = [c.text for c in read_cues(target.files["transcript"]) if (c.id or "").startswith("chapter-")]
    if spoken and spoken != titles:
        findings.append(Finding(f"Chapter titles {titles} differ from the transcript's chapter cues {spoken}"))
    status = Status.FAIL if findings else Status.PASS
    summary = f"{len(ordered)} chapters in order" if not findings else f"{len(findings)} problem(s) in the chapters"
    return Outcome(status, summary, findings, _mutagen_version(), {"chapters": titles})


def check_transcript(target: Target) -> Outcome:
    tools.module("mutagen", "pip install mutagen")
    try:
        cues = read_cues(target.files["transcript"])
    except ValueError as error:
        return Outcome(Status.FAIL, "not a WebVTT file", [Finding(str(error))])
    length = duration(target.files["audio"])
    findings = []
    if not cues:
        findings.append(Finding("The transcript has no cues"))
    for n, cue in enumerate(cues, 1):
        if cue.end <= cue.start:
            findings.append(Finding(f"Cue {n} ends ({cue.end:.3f} s) before it starts ({cue.start:.3f} s)"))
        if not cue.text:
            findings.append(Finding(f"Cue {n} has no text"))
    findings += [Finding(f"Cue {n + 1} starts at {b.start:.3f} s, before cue {n} ends ({a.end:.3f} s)")
                 for n, (a, b) in enumerate(zip(cues, cues[1:]), 1) if b.start < a.end]
    last = cues[-1].end if cues else 0.0
    if cues and not -0.5 <= length - last <= COVERAGE_TOLERANCE:
        findings.append(Finding(f"The last cue ends at {last:.1f} s but the audio lasts {length:.1f} s "
                                f"(the transcript must end within {COVERAGE_TOLERANCE:.1f} s of silence before the "
                                "end of the audio)"))
    status = Status.FAIL if findings else Status.PASS
    summary = (f"{len(cues)} cues cover {length:.1f} s of audio (last cue ends {length - last:.1f} s before the end)"
               if not findings else f"{len(findings)} problem(s)")
    return Outcome(status, summary, findings, _mutagen_version(),
                   {"cues": len(cues), "audio_seconds": round(length, 3), "last_cue_end": round(last, 3)})


def measure_loudness(mp3: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) by FFmpeg's ebur128 filter."""
    proc = subprocess.run([tools.ffmpeg(), "-hide_banner", "-nostats", "-i", str(mp3), "-af", "ebur128=peak=true",
                           "-f", "null", "-"], capture_output=True, text=True, timeout=300)
    summary = proc.stderr.rpartition("Summary:")[2]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf)\s+LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS", summary)
    if not integrated or not peak:
        raise RuntimeError(f"FFmpeg's ebur128 gave no summary (exit {proc.returncode}): {proc.stderr[-500:]}")
    return float(integrated[1]), float(peak[1])


def check_loudness(target: Target) -> Outcome:
    lufs, peak = measure_loudness(target.files["audio"])
    findings = []
    if abs(lufs - TARGET_LUFS) > LUFS_TOLERANCE:
        findings.append(Finding(f"Integrated loudness {lufs:.1f} LUFS is outside {TARGET_LUFS:.0f} ±"
                                f"{LUFS_TOLERANCE:.0f} LUFS, the spoken-word target medpub normalises to"))
    if peak > MAX_TRUE_PEAK:
        findings.append(Finding(f"True peak {peak:.1f} dBTP is above {MAX_TRUE_PEAK:.0f} dBTP: decoders may clip"))
    status = Status.FAIL if any(f.level == "fail" for f in findings) else Status.WARN if findings else Status.PASS
    version = tools.command_version(tools.ffmpeg(), "-version")
    return Outcome(status, f"{lufs:.1f} LUFS integrated, true peak {peak:.1f} dBTP", findings,
                   version.split(" Copyright")[0].removeprefix("ffmpeg version ") if version else None,
                   {"integrated_lufs": lufs, "true_peak_dbtp": peak, "target_lufs": TARGET_LUFS,
                    "tolerance_lu": LUFS_TOLERANCE, "max_true_peak_dbtp": MAX_TRUE_PEAK})


def words(text: str) -> str:
    """Lower-case words only, for comparing what was said with what was heard."""
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("’", "'")).split())


def disclaimer_cues(target: Target) -> list[Cue]:
    """The transcript's cues that read the article's disclaimer."""
    from medpub.model.document import Paragraph, plain_text

    said = words(" ".join(plain_text(b.children) for b in read_document(target.article).disclaimer
                          if isinstance(b, Paragraph)))
    return [c for c in read_cues(target.files["transcript"]) if len(words(c.text)) > 3 and words(c.text) in said]


def check_asr(target: Target) -> Outcome:
    tools.module("pocketsphinx", "pip install pocketsphinx")
    tools.module("jiwer", "pip install jiwer")
    ffmpeg = tools.ffmpeg()
    import jiwer
    from pocketsphinx import Decoder

    if not target.article.language.lower().startswith("en"):
        raise tools.ToolMissing("a PocketSphinx model for " + target.article.language,
                                "a PocketSphinx acoustic model and dictionary for the article's language")
    cues = disclaimer_cues(target)
    if not cues:
        return Outcome(Status.FAIL, "the disclaimer is not in the transcript",
                       [Finding("No transcript cue reads the article's disclaimer")])
    start, end = cues[0].start, cues[-1].end
    pcm = subprocess.run([ffmpeg, "-v", "error", "-ss", f"{start:.3f}", "-to", f"{end:.3f}", "-i",
                          str(target.files["audio"]), "-f", "s16le", "-ar", "16000", "-ac", "1", "-"],
                         capture_output=True, check=True, timeout=120).stdout
    decoder = Decoder(samprate=16000)
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    heard = decoder.hyp().hypstr if decoder.hyp() else ""
    expected = words(" ".join(c.text for c in cues))
    wer = float(jiwer.wer(expected, words(heard) or "-"))
    findings = [] if wer <= ASR_WER_WARN else [Finding(
        f"Speech recognition heard the disclaimer with a word error rate of {wer:.2f} (above {ASR_WER_WARN}): "
        f"listen to it ({start:.1f}–{end:.1f} s). Heard: {heard[:300]!r}", "warn")]
    version = f"{tools.package_version('pocketsphinx')} + {tools.package_version('jiwer')}"
    return Outcome(Status.WARN if findings else Status.PASS, f"disclaimer WER {wer:.2f} ({len(cues)} cues, "
                   f"{end - start:.1f} s)", findings, version,
                   {"wer": round(wer, 3), "start": start, "end": end, "heard": heard})
