"""The footnote on the designation of Kosovo that United Nations, European Union and Council of
Europe bodies print ("Kosovo*"). An event chooses none (the default) or one of the three published
wordings; its public pages and PDF then mark Kosovo with an asterisk and carry the footnote, in the
reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.search import fold

FOOTNOTES = {
    "un": _l("References to Kosovo shall be understood to be in the context of Security Council resolution "
             "1244 (1999)."),
    "eu": _l("This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 "
             "and the ICJ Opinion on the Kosovo declaration of independence."),
    "coe": _l("All references to Kosovo, whether the territory, institutions or population, in this text shall be "
              "understood in full compliance with United Nations Security Council Resolution 1244 and without "
              "prejudice to the status of Kosovo."),
}

#: The event settings' choices, in the form's order.
CHOICES = [
    ("", _l("None")),
    ("un", _l("United Nations (Security Council resolution 1244)")),
    ("eu", _l("European Union (UNSCR 1244 and the ICJ Opinion)")),
    ("coe", _l("Council of Europe (Resolution 1244, without prejudice to status)")),
]

#: Kosovo's country code (CLDR's, as the event's country holds it).
KOSOVO = "XK"
#: A city field that names Kosovo itself, folded ("Kosovo", "Kosova", "Косово").
KOSOVO_NAMES = frozenset({"kosovo", "kosova", "kosove", "kosovo i metohija"})

#: The mark after "Kosovo" on a page: a link to the footnote; in print, the asterisk alone.
MARK = Markup('<a class="footnote-mark" href="#designation-footnote">*</a>')


def footnote(event) -> str:
    """The event's footnote in the reader's language, or "" when it has none."""
    wording = FOOTNOTES.get(getattr(event, "designation_footnote", "") or "")
    return str(wording) if wording is not None else ""


def marks_country(event) -> bool:
    """Whether the event's country is shown as Kosovo with the footnote's asterisk."""
    return bool(footnote(event)) and (event.country or "").upper() == KOSOVO


def marks_city(event) -> bool:
    """Whether the event's city field names Kosovo itself (and so takes the asterisk)."""
    return bool(footnote(event)) and fold(event.city or "") in KOSOVO_NAMES


def kosovo_mark(printed: bool = False) -> Markup:
    """The asterisk after the country (or a city named Kosovo): a link to the footnote on a page."""
    return Markup("*") if printed else MARK
