"""Tables that say how written English is read aloud; other languages get only the
language-neutral rules until someone who speaks them adds a table.

Everything here is data: add an abbreviation, a unit or a word said as a word (not spelled
out) by adding a row.
"""

from __future__ import annotations

#: written -> spoken, matched as whole words (a trailing period is part of the match)
ABBREVIATIONS: dict[str, str] = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
    "approx.": "approximately", "et al.": "and colleagues", "Fig.": "figure", "cf.": "compare",
    "Dr.": "Doctor", "Dr": "Doctor", "Prof.": "Professor", "Mr.": "Mister", "Mrs.": "Missus",
    "St.": "Saint", "Ph.D.": "P H D", "PhD": "P H D", "Ed.": "editor", "Eds.": "editors",
    "U.S.": "U S", "U.K.": "U K", "ed.": "edition", "n.d.": "no date",
}
#: before a number only
NUMBERED: dict[str, str] = {"p.": "page", "pp.": "pages", "No.": "number", "Vol.": "volume"}

#: unit -> (singular, plural), read after a number
UNITS: dict[str, tuple[str, str]] = {
    "mg": ("milligram", "milligrams"), "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"), "μg": ("microgram", "micrograms"), "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"), "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"), "L": ("liter", "liters"), "IU": ("international unit", "international units"),
    "h": ("hour", "hours"), "hr": ("hour", "hours"), "hrs": ("hour", "hours"),
    "min": ("minute", "minutes"), "s": ("second", "seconds"), "sec": ("second", "seconds"),
    "ms": ("millisecond", "milliseconds"), "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "cm": ("centimeter", "centimeters"), "mm": ("millimeter", "millimeters"), "m": ("meter", "meters"),
    "km": ("kilometer", "kilometers"), "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"),
    "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "mmol/L": ("millimole per liter", "millimoles per liter"), "mg/dL": ("milligram per deciliter", "milligrams per deciliter"),
    "kcal": ("kilocalorie", "kilocalories"), "bpm": ("beat per minute", "beats per minute"),
}
#: the part after "/" in "mg/kg": "per ..."
PER: dict[str, str] = {"kg": "kilogram", "day": "day", "d": "day", "h": "hour", "hr": "hour",
                       "min": "minute", "week": "week", "L": "liter", "dL": "deciliter", "mL": "milliliter",
                       "m2": "square meter", "m²": "square meter"}

#: symbols -> words (spaces added around)
SYMBOLS: dict[str, str] = {
    "&": "and", "±": "plus or minus", "≥": "greater than or equal to", "≤": "less than or equal to",
    ">": "greater than", "<": "less than", "×": "times", "≈": "approximately", "→": "to",
    "=": "equals", "+": "plus", "§": "section", "°": "degrees", "©": "copyright", "®": "", "™": "",
}

#: upper-case words said as words, not spelled letter by letter
WORDS = frozenset({
    "AIDS", "COVID", "NASA", "NATO", "UNICEF", "UNESCO", "SARS", "MERS", "OK", "LASIK", "HIPAA",
    "WHO", "PIN", "RAM", "GIF", "JPEG", "ASAP", "SIDS", "NICE", "CAT", "MASH", "ADHD",
})
#: initialisms spelled as letters inside web addresses (otherwise domain labels are words)
DOMAIN_INITIALISMS = frozenset({"nih", "nlm", "ncbi", "nimh", "cdc", "nhs", "fda", "who", "bmj", "cnn", "bbc"})
