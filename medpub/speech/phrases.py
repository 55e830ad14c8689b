"""The words the narrator adds around the article's own (headings, list and table cues),
per language. A language without a table here is narrated with the English phrases;
adding one is adding a dictionary.

These are spoken forms, separate from the printed labels (:mod:`medpub.labels`): a
listener hears "Reference 3." where a reader sees a superscript, and a date is said the
way a voice reads it ("premier mars", not "1er mars"). Only eSpeak NG speaks es, fr and
de; the neural voice is English-only.
"""

from __future__ import annotations

ENGLISH = {
    "notice": "A disclaimer is read in full at the end of this recording.",
    "by": "By {names}.",
    "published": "Published",
    "published_by": " by {publisher}",
    "published_on": " on {date}",
    "reviewed_on": "Reviewed on {date}.",
    "reviewed_by": "Medically reviewed by {by}",
    "references": "References",
    "reference": "Reference {number}.",
    "cite_one": "reference {number}",
    "cite_many": "references {numbers}",
    "range": "{first} to {last}",
    "and": "and",
    "online_at": "Online at {site}.",
    "disclaimer": "Disclaimer",
    "table": "Table with {rows} {rows_word}. Columns: {columns}.",
    "row_word": ("row", "rows"),
    "row": "Row {number}. ",
    "end_of_table": "End of table.",
    "quote": "Quote.",
    "end_of_quote": "End of quote.",
    "image": "Image: {alt}",
    "inline_image": "image: {alt}",
    "months": ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"),
    "date": "{month} {day}, {year}",
}

SPANISH = {
    **ENGLISH,
    "notice": "Al final de esta grabación se lee el aviso legal completo.",
    "by": "Por {names}.",
    "published": "Publicado",
    "published_by": " por {publisher}",
    "published_on": " el {date}",
    "reviewed_on": "Revisado el {date}.",
    "reviewed_by": "Revisado médicamente por {by}",
    "references": "Referencias",
    "reference": "Referencia {number}.",
    "cite_one": "referencia {number}",
    "cite_many": "referencias {numbers}",
    "range": "{first} a {last}",
    "and": "y",
    "online_at": "En línea en {site}.",
    "disclaimer": "Aviso legal",
    "table": "Tabla de {rows} {rows_word}. Columnas: {columns}.",
    "row_word": ("fila", "filas"),
    "row": "Fila {number}. ",
    "end_of_table": "Fin de la tabla.",
    "quote": "Cita.",
    "end_of_quote": "Fin de la cita.",
    "image": "Imagen: {alt}",
    "inline_image": "imagen: {alt}",
    "months": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre"),
    "date": "{day} de {month} de {year}",
}

FRENCH = {
    **ENGLISH,
    "notice": "Un avertissement est lu en entier à la fin de cet enregistrement.",
    "by": "Par {names}.",
    "published": "Publié",
    "published_by": " par {publisher}",
    "published_on": " le {date}",
    "reviewed_on": "Révisé le {date}.",
    "reviewed_by": "Relu et validé par {by}",
    "references": "Références",
    "reference": "Référence {number}.",
    "cite_one": "référence {number}",
    "cite_many": "références {numbers}",
    "range": "{first} à {last}",
    "and": "et",
    "online_at": "En ligne sur {site}.",
    "disclaimer": "Avertissement",
    "table": "Tableau de {rows} {rows_word}. Colonnes : {columns}.",
    "row_word": ("ligne", "lignes"),
    "row": "Ligne {number}. ",
    "end_of_table": "Fin du tableau.",
    "quote": "Citation.",
    "end_of_quote": "Fin de la citation.",
    "image": "Image : {alt}",
    "inline_image": "image : {alt}",
    "months": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"),
    "date": "{day} {month} {year}",
    "first_day": "premier",
}

GERMAN = {
    **ENGLISH,
    "notice": "Ein Haftungsausschluss wird am Ende dieser Aufnahme vollständig vorgelesen.",
    "by": "Von {names}.",
    "published": "Veröffentlicht",
    "published_by": " von {publisher}",
    "published_on": " am {date}",
    "reviewed_on": "Geprüft am {date}.",
    "reviewed_by": "Medizinische Prüfung: {by}",
    "references": "Literatur",
    "reference": "Quelle {number}.",
    "cite_one": "Quelle {number}",
    "cite_many": "Quellen {numbers}",
    "range": "{first} bis {last}",
    "and": "und",
    "online_at": "Online unter {site}.",
    "disclaimer": "Haftungsausschluss",
    "table": "Tabelle mit {rows} {rows_word}. Spalten: {columns}.",
    "row_word": ("Zeile", "Zeilen"),
    "row": "Zeile {number}. ",
    "end_of_table": "Ende der Tabelle.",
    "quote": "Zitat.",
    "end_of_quote": "Ende des Zitats.",
    "image": "Bild: {alt}",
    "inline_image": "Bild: {alt}",
    "months": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
               "September", "Oktober", "November", "Dezember"),
    "date": "{day}. {month} {year}",
}

PHRASES = {"en": ENGLISH, "es": SPANISH, "fr": FRENCH, "de": GERMAN}


def phrases(language: str) -> dict:
    """The phrases for a language tag (``fr-CA`` -> ``fr``), English when there are none."""
    return PHRASES.get(language.lower().split("-")[0], ENGLISH)
