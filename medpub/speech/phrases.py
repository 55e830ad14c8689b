"""The words the narrator adds around the article's own (headings, list and table cues),
per language. A language without a table here is narrated with the English phrases;
adding one is adding a dictionary."""

from __future__ import annotations

ENGLISH = {
    "notice": "A disclaimer is read in full at the end of this recording.",
    "by": "By {names}.",
    "published": "Published",
    "published_by": " by {publisher}",
    "published_on": " on {date}",
    "reviewed_on": "Reviewed on {date}.",
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

PHRASES = {"en": ENGLISH, "es": SPANISH}


def phrases(language: str) -> dict:
    return PHRASES.get(language.lower().split("-")[0], ENGLISH)
