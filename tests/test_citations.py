"""APA 7 reference entries for every supported type, ordering and citation labels."""

from __future__ import annotations

import pytest
import yaml

from medpub.model.article import Reference
from medpub.transforms.citations import bibliography, site_name
from tests.support.documents import prepared

JOURNAL = {"id": "j", "type": "article-journal", "title": "Ketamine for depression: A trial",
           "container-title": "JAMA Psychiatry", "volume": 80, "issue": 3, "page": "100-110",
           "author": [{"family": "Smith", "given": "John Paul"}, {"family": "Doe", "given": "Ann"},
                      {"family": "Roe", "given": "B."}],
           "issued": {"date-parts": [[2023, 5, 2]]}, "DOI": "https://doi.org/10.1001/jamapsychiatry.2023.1"}
WEBPAGE = {"id": "w", "type": "webpage", "title": "Treatment-resistant depression",
           "container-title": "Mayo Clinic", "author": [{"literal": "Mayo Foundation for Medical Education and Research"}],
           "issued": "2021-04-10", "URL": "https://www.mayoclinic.org/trd"}
REPORT = {"id": "r", "type": "report", "title": "Depression and other common mental disorders",
          "number": "WHO/MSD/MER/2017.2", "publisher": "World Health Organization",
          "author": [{"literal": "World Health Organization"}], "issued": 2017, "URL": "https://www.who.int/r"}
BOOK = {"id": "b", "type": "book", "title": "Clinical psychopharmacology", "edition": 3,
        "publisher": "Oxford University Press", "author": [{"family": "García", "given": "María-José"}],
        "issued": 2019, "DOI": "10.1093/med/9780190"}
CHAPTER = {"id": "c", "type": "chapter", "title": "Neuroplasticity", "container-title": "StatPearls",
           "editor": [{"family": "Ackley", "given": "William"}], "publisher": "StatPearls Publishing",
           "page": "1-20", "author": [{"family": "Puderbaugh", "given": "M."}], "issued": "2023-05-01",
           "URL": "https://www.ncbi.nlm.nih.gov/books/NBK557811/"}
NO_AUTHOR = {"id": "n", "type": "webpage", "title": "Ketamine’s promise grows",
             "container-title": "Michigan Medicine", "URL": "https://www.michiganmedicine.org/k"}


def _reference(item: dict) -> Reference:
    """A Reference from CSL data, expanded the way the loader expands it."""
    import medpub

    article = medpub.loads(yaml.safe_dump({"title": "T", "language": "en", "disclaimer": "D",
                                           "references": [item]}), kind="yaml")
    return article.references[0]


def _entry(item: dict):
    return bibliography([_reference(item)])[0]


@pytest.mark.parametrize("item, text", [
    (JOURNAL, "Smith, J. P., Doe, A., & Roe, B. (2023). Ketamine for depression: A trial. JAMA Psychiatry, "
              "80(3), 100–110. https://doi.org/10.1001/jamapsychiatry.2023.1"),
    (WEBPAGE, "Mayo Foundation for Medical Education and Research. (2021, April 10). Treatment-resistant "
              "depression. Mayo Clinic. https://www.mayoclinic.org/trd"),
    (REPORT, "World Health Organization. (2017). Depression and other common mental disorders "
             "(Report No. WHO/MSD/MER/2017.2). https://www.who.int/r"),
    (BOOK, "García, M.-J. (2019). Clinical psychopharmacology (3rd ed.). Oxford University Press. "
           "https://doi.org/10.1093/med/9780190"),
    (CHAPTER, "Puderbaugh, M. (2023). Neuroplasticity. In W. Ackley (Ed.), StatPearls (pp. 1–20). "
              "StatPearls Publishing. https://www.ncbi.nlm.nih.gov/books/NBK557811/"),
    (NO_AUTHOR, "Ketamine’s promise grows. (n.d.). Michigan Medicine. https://www.michiganmedicine.org/k"),
])
def test_apa_entry_text(item: dict, text: str) -> None:
    assert _entry(item).text == text


def test_italics_follow_apa() -> None:
    from medpub.model.document import Emph, plain_text

    def italic(item: dict) -> list[str]:
        return [plain_text(p.children) for p in _entry(item).parts if isinstance(p, Emph)]

    assert italic(JOURNAL) == ["JAMA Psychiatry", "80"]
    assert italic(WEBPAGE) == ["Treatment-resistant depression"]
    assert italic(BOOK) == ["Clinical psychopharmacology"]
    assert italic(CHAPTER) == ["StatPearls"]


def test_urls_are_links() -> None:
    from medpub.model.document import Link

    links = [p for p in _entry(WEBPAGE).parts if isinstance(p, Link)]
    assert [link.href for link in links] == ["https://www.mayoclinic.org/trd"]


def test_labels() -> None:
    assert _entry(JOURNAL).label == "Smith et al., 2023"
    assert _entry(WEBPAGE).label == "Mayo Foundation for Medical Education and Research, 2021"
    assert _entry(NO_AUTHOR).label == "“Ketamine’s promise grows”, n.d."
    two = {**BOOK, "author": [{"family": "Bai", "given": "N."}, {"family": "Lee", "given": "K."}]}
    assert _entry(two).label == "Bai & Lee, 2019"


def test_order_numbers_and_same_author_year_suffixes() -> None:
    items = [REPORT, {**WEBPAGE, "id": "w2", "title": "Zebra"}, WEBPAGE, JOURNAL, NO_AUTHOR]
    entries = bibliography([_reference(i) for i in items])
    assert [e.id for e in entries] == ["n", "w", "w2", "j", "r"]
    assert [e.number for e in entries] == [1, 2, 3, 4, 5]
    assert entries[1].label.endswith("2021a") and entries[2].label.endswith("2021b")


def test_preformatted_entry_is_used_as_is() -> None:
    assert _entry({"id": "p", "text": "Anything, exactly as written."}).text == "Anything, exactly as written."


def test_more_than_twenty_authors_are_elided() -> None:
    many = {**JOURNAL, "author": [{"family": f"A{i}", "given": "B."} for i in range(25)]}
    text = _entry(many).text
    assert "A18, B., . . . A24, B." in text and "A19" not in text


def test_spoken_parts() -> None:
    entry = _entry(JOURNAL)
    assert (entry.authors_spoken, entry.year, entry.site) == ("John Paul Smith and colleagues", "2023", "doi.org")
    assert _entry(NO_AUTHOR).year == "no date"
    assert site_name("https://www.nimh.nih.gov/news") == "nimh.nih.gov"


def test_accessed_date_is_a_retrieval_statement() -> None:
    entry = _entry({**NO_AUTHOR, "accessed": "2025-01-04"})
    assert entry.text.endswith("Retrieved January 4, 2025, from https://www.michiganmedicine.org/k")


def test_example_references(example) -> None:
    texts = [e.text for e in prepared(example).entries]
    assert len(texts) == 8
    assert texts[0].startswith("Bai, N. (2023, October 19). Ketamine’s effect on depression may hinge on hope.")
    assert all("https://" in t for t in texts)


ACCESSED = {**NO_AUTHOR, "accessed": "2025-01-04"}
EDITED = {**CHAPTER, "editor": [{"family": "Ackley", "given": "William"}, {"family": "Ortiz", "given": "Ana"}]}


@pytest.mark.parametrize("language, item, text", [
    ("es", JOURNAL, "Smith, J. P., Doe, A. y Roe, B. (2023). Ketamine for depression: A trial. JAMA Psychiatry, "
                    "80(3), 100–110. https://doi.org/10.1001/jamapsychiatry.2023.1"),
    ("es", WEBPAGE, "Mayo Foundation for Medical Education and Research. (2021, 10 de abril). Treatment-resistant "
                    "depression. Mayo Clinic. https://www.mayoclinic.org/trd"),
    ("es", REPORT, "World Health Organization. (2017). Depression and other common mental disorders "
                   "(Informe n.º WHO/MSD/MER/2017.2). https://www.who.int/r"),
    ("es", BOOK, "García, M.-J. (2019). Clinical psychopharmacology (3.ª ed.). Oxford University Press. "
                 "https://doi.org/10.1093/med/9780190"),
    ("es", EDITED, "Puderbaugh, M. (2023). Neuroplasticity. En W. Ackley y A. Ortiz (Eds.), StatPearls (pp. 1–20). "
                   "StatPearls Publishing. https://www.ncbi.nlm.nih.gov/books/NBK557811/"),
    ("es", ACCESSED, "Ketamine’s promise grows. (s. f.). Michigan Medicine. Recuperado el 4 de enero de 2025, de "
                     "https://www.michiganmedicine.org/k"),
    ("fr", ACCESSED, "Ketamine’s promise grows. (s. d.). Michigan Medicine. Consulté le 4 janvier 2025, à l’adresse "
                     "https://www.michiganmedicine.org/k"),
    ("fr", EDITED, "Puderbaugh, M. (2023). Neuroplasticity. Dans W. Ackley et A. Ortiz (dir.), StatPearls "
                   "(p. 1–20). StatPearls Publishing. https://www.ncbi.nlm.nih.gov/books/NBK557811/"),
    ("de", ACCESSED, "Ketamine’s promise grows. (o. J.). Michigan Medicine. Abgerufen am 4. Januar 2025, von "
                     "https://www.michiganmedicine.org/k"),
    ("de", BOOK, "García, M.-J. (2019). Clinical psychopharmacology (3. Aufl.). Oxford University Press. "
                 "https://doi.org/10.1093/med/9780190"),
    ("de", EDITED, "Puderbaugh, M. (2023). Neuroplasticity. In W. Ackley & A. Ortiz (Hrsg.), StatPearls (S. 1–20). "
                   "StatPearls Publishing. https://www.ncbi.nlm.nih.gov/books/NBK557811/"),
    ("de", REPORT, "World Health Organization. (2017). Depression and other common mental disorders "
                   "(Bericht Nr. WHO/MSD/MER/2017.2). https://www.who.int/r"),
    ("pt", ACCESSED, "Ketamine’s promise grows. (s.d.). Michigan Medicine. Recuperado em 4 de janeiro de 2025, de "
                     "https://www.michiganmedicine.org/k"),
    ("pt", JOURNAL, "Smith, J. P., Doe, A., & Roe, B. (2023). Ketamine for depression: A trial. JAMA Psychiatry, "
                    "80(3), 100–110. https://doi.org/10.1001/jamapsychiatry.2023.1"),
])
def test_apa_terms_in_the_article_language(language: str, item: dict, text: str) -> None:
    assert bibliography([_reference(item)], language)[0].text == text


def test_labels_and_spoken_parts_in_the_article_language() -> None:
    es = bibliography([_reference(JOURNAL), _reference(NO_AUTHOR)], "es")
    assert [e.label for e in es] == ["“Ketamine’s promise grows”, s. f.", "Smith et al., 2023"]
    assert es[0].year == "sin fecha"
    assert es[1].authors_spoken == "John Paul Smith y colaboradores"
    two = {**JOURNAL, "author": JOURNAL["author"][:2]}
    assert bibliography([_reference(two)], "es")[0].label == "Smith y Doe, 2023"
    assert bibliography([_reference(two)], "de")[0].authors_spoken == "John Paul Smith und Ann Doe"
    # a language without a table keeps the English terms
    assert bibliography([_reference(NO_AUTHOR)], "sw")[0].label == "“Ketamine’s promise grows”, n.d."
    assert bibliography([_reference(NO_AUTHOR)], "es-MX")[0].year == "sin fecha"


def test_two_editors_without_a_serial_comma() -> None:
    assert "In W. Ackley & A. Ortiz (Eds.), StatPearls" in _entry(EDITED).text
    three = {**CHAPTER, "editor": [*EDITED["editor"], {"family": "Kim", "given": "Jo"}]}
    assert "In W. Ackley, A. Ortiz, & J. Kim (Eds.)" in _entry(three).text
    assert "En W. Ackley, A. Ortiz y J. Kim (Eds.)" in bibliography([_reference(three)], "es")[0].text
    two = {**JOURNAL, "author": JOURNAL["author"][:2]}
    assert bibliography([_reference(two)], "de")[0].text.startswith("Smith, J. P. & Doe, A. (2023).")
