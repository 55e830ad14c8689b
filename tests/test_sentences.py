"""Sentence segmentation: the unit shared by the markup (``<span class="s">``) and the narration."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from medpub.transforms.sentences import sentence_bounds, split_sentences

CORPUS = yaml.safe_load((Path(__file__).parent / "fixtures" / "sentences" / "corpus.yaml").read_text("utf-8"))
CASES = [(language, case) for language, cases in CORPUS.items() for case in cases]


@pytest.mark.parametrize(("language", "expected"), CASES, ids=[f"{lang}-{n}" for n, (lang, _) in enumerate(CASES)])
def test_abbreviations_decimals_and_locators_do_not_end_a_sentence(language: str, expected: list[str]) -> None:
    assert split_sentences(" ".join(expected), language) == expected


def test_bounds_leave_out_the_space_between_sentences() -> None:
    text = "  One here.\n Two “quoted.” Three?  "
    assert [text[a:b] for a, b in sentence_bounds(text)] == ["One here.", "Two “quoted.”", "Three?"]


@pytest.mark.slow
def test_mypy_names_a_node_type_a_walker_forgets(tmp_path: Path) -> None:
    from mypy import api

    module = tmp_path / "forgetful.py"
    module.write_text(textwrap.dedent('''
        from typing import assert_never
        from medpub.model.document import Block, Paragraph, Heading, ListBlock, BlockQuote, CodeBlock, Table, Figure

        def name(block: Block) -> str:
            match block:
                case Paragraph() | Heading() | ListBlock() | BlockQuote() | CodeBlock() | Table() | Figure():
                    return "known"
                case _:
                    assert_never(block)
    '''))
    out, _, status = api.run([str(module), "--no-incremental", "--follow-imports=silent"])
    assert status == 1 and 'incompatible type "Rule"' in out
