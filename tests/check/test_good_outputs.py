"""On medpub's own good outputs every check passes; the report's JSON and HTML forms hold up."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from medpub.check import Status, report_html, report_json
from medpub.check.browser import launch, open_page, run_axe
from medpub.check.registry import CHECKS
from tests.support.browser import assert_no_violations, missing

pytestmark = [pytest.mark.slow, pytest.mark.validator, pytest.mark.browser]

#: advice that good outputs may still give: eSpeak NG is hard for PocketSphinx to hear, and the
#: example's prose is above grade 8
MAY_WARN = {"audio.asr", "plain.readability", "plain.sentences", "plain.passive", "plain.abbreviations"}


def test_every_check_runs_and_passes(good_report):
    by_id = {r.check: r for r in good_report.results}
    assert set(by_id) == {c.id for c in CHECKS}
    not_run = {k: r.install for k, r in by_id.items() if r.status is Status.NOT_RUN}
    if not_run:
        pytest.skip(f"tools missing here: {not_run}")
    for check_id, result in by_id.items():
        allowed = {Status.PASS, Status.WARN} if check_id in MAY_WARN else {Status.PASS}
        assert result.status in allowed, (check_id, result.summary, result.findings[:5])
        assert result.version or result.tool == "medpub", check_id
    assert good_report.exit_code == 0 and good_report.passed


def test_the_normalised_narration_passes_the_loudness_check(good_report):
    result = next(r for r in good_report.results if r.check == "audio.loudness")
    assert abs(result.details["integrated_lufs"] - -16.0) <= 1.0 and result.details["true_peak_dbtp"] <= -1.0
    assert result.status is Status.PASS


def test_matterhorn_report_lists_covered_and_human_checkpoints(good_report):
    result = next(r for r in good_report.results if r.check == "pdf.matterhorn")
    ids = [c["id"] for c in result.details["checkpoints"]]
    assert {"01-005", "06-002", "13-004", "15-003", "28-008", "31-009"} <= set(ids)
    assert all(c["status"] == "pass" for c in result.details["checkpoints"])
    assert {"04", "13", "27"} <= {c["id"] for c in result.details["human"]}


def test_json_report_matches_its_schema(good_report, tmp_path):
    path = report_json.write(good_report, tmp_path / "report.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(report_json.schema(), format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(report_json.schema())
    validator.validate(data)
    assert data["counts"]["fail"] == 0 and data["passed"] is True
    broken = copy.deepcopy(data)
    broken["articles"][0]["results"][0]["status"] = "ok"
    assert not validator.is_valid(broken)
    unrun = copy.deepcopy(data)
    unrun["articles"][0]["results"][0].update(status="not run", install=None)
    assert not validator.is_valid(unrun), "a check not run must say what to install"


def test_html_report_is_accessible(good_report, tmp_path):
    if reason := missing():
        pytest.skip(reason)
    path = report_html.write(good_report, tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    epubcheck = next(r for r in good_report.results if r.check == "epub.epubcheck")
    assert '<html lang="en">' in text and "<td>EPUBCheck <span" in text
    assert f'<span class="version">{epubcheck.version}</span>' in text
    with launch() as browser:
        for scheme in ("light", "dark"):
            with open_page(browser, path, color_scheme=scheme) as page:
                assert_no_violations(run_axe(page), f"the HTML report ({scheme})")
                assert page.locator("h1").count() == 1
                assert page.get_by_role("table").count() >= 2
