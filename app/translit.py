"""Serbian from Latin to Cyrillic script, for the sr-Cyrl interface catalog and content.

Serbian's two alphabets map letter for letter (lj → љ, nj → њ, dž → џ are single letters), which
cyrtranslit does. Around it, what must not change stays as it is: %(placeholders)s, {fields},
HTML tags and entities, URLs, e-mail addresses, and foreign words and acronyms ("PDF", "iCal",
"UN", "Dita", anything written with q, w, x or y). A few words where a letter pair is two
letters, not one (injekcija → инјекција, nadživeti → надживети), are listed below.
"""
from __future__ import annotations

import re
from functools import lru_cache

import cyrtranslit  # type: ignore[import-untyped]

from app.languages import BY_CODE

#: Words kept in Latin letters wherever they occur.
FOREIGN_WORDS = frozenset({
    "Dita", "PDF", "iCal", "iCalendar", "CSV", "UN", "IOM", "UNHCR", "UNDP", "UNICEF", "OSCE", "OEBS",
    "JSON", "XML", "ICS", "HTML", "URL", "PO", "DOCX", "ODT", "ZIP", "UTF", "NUL", "Markdown", "Weblate",
    "Poedit", "HLD", "frab", "CLDR", "SMTP", "UTC", "GMT", "RSS", "CAPTCHA", "HTTP", "HTTPS", "API", "ID",
    "GFMD", "ILO", "OHCHR", "KFOR", "UNMIK", "EULEX", "NGO",
})

#: Word beginnings where "nj", "lj" or "dž" are two letters: the Cyrillic for the beginning.
SPLIT_PAIRS: dict[str, str] = {
    "injek": "инјек", "konjug": "конјуг", "konjunk": "конјунк", "vanjezi": "ванјези",
    "nadž": "надж", "podž": "подж", "odžal": "оджал",
}

_PROTECTED = re.compile(
    r"""%\([^)]*\)[#0\-+ ]*\d*(?:\.\d+)?[a-zA-Z]   # %(name)s
      | %[sdif%]                                   # %s
      | \{[^{}\s]*\}                               # {name}
      | <[^>]*>                                    # HTML tags
      | &(?:[a-zA-Z]+|\#\d+|\#x[0-9a-fA-F]+);      # entities
      | (?:https?|ftp)://[^\s<>"')\]]+             # URLs
      | (?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+   # e-mail
      | \bwww\.[^\s<>"')\]]+
      | `[^`]*`                                    # Markdown code
      | \]\([^)\s]*\)                              # Markdown link targets
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # "Wi-Fi", "e-pošta": one word
_FOREIGN_LETTERS = re.compile(r"[qwxyQWXY]")
_SERBIAN_LATIN = re.compile(r"[čćžšđČĆŽŠĐ]")


def to_cyrillic(text: str) -> str:
    """Serbian Latin text in Cyrillic script, what must stay Latin left alone."""
    if not text:
        return text
    out: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        out.append(_WORD.sub(_word, text[position:match.start()]))
        out.append(match.group())
        position = match.end()
    out.append(_WORD.sub(_word, text[position:]))
    return "".join(out)


def _word(match: re.Match[str]) -> str:
    return _cyrillic_word(match.group())


@lru_cache(maxsize=16384)
def _cyrillic_word(word: str) -> str:
    if word in FOREIGN_WORDS or _FOREIGN_LETTERS.search(word) or _is_acronym(word):
        return word
    if len(word) > 1 and word.isupper():
        # All capitals: "LJUBAV" is ЉУБАВ (cyrtranslit reads the capital pair as two letters).
        return _cyrillic_word(word.lower()).upper()
    lower = word.lower()
    for start, cyrillic in SPLIT_PAIRS.items():
        if lower.startswith(start):
            head = cyrillic.upper() if word[:len(start)].isupper() else (
                cyrillic[0].upper() + cyrillic[1:] if word[0].isupper() else cyrillic)
            return head + _cyrillic_word(word[len(start):]) if len(word) > len(start) else head
    return cyrtranslit.to_cyrillic(word, "sr")


#: Abbreviations Serbian writes in its own letters (МБ, КБ), though they look like acronyms.
SERBIAN_ABBREVIATIONS = frozenset({"KB", "MB", "GB", "TB", "SAD", "EU", "OUN", "MUP", "RS", "BiH"})


def _is_acronym(word: str) -> bool:
    """Capitals only, two to four letters, none of them Serbian's own: "IOM", "UNDP" (not "ŠKOLA",
    "NJIVA", "MB"); longer ones are listed in FOREIGN_WORDS."""
    return (2 <= len(word) <= 4 and word.isupper() and word.isascii() and not _SERBIAN_LATIN.search(word)
            and word not in SERBIAN_ABBREVIATIONS)


#: How a text is written in a script from the language it is transliterated from.
TRANSLITERATORS = {"Cyrl": to_cyrillic}


def into(lang: str, text: str) -> str:
    """A text of the language `lang` is written from (Serbian Latin, for sr-Cyrl) in `lang`'s script."""
    return TRANSLITERATORS[BY_CODE[lang].script](text)
