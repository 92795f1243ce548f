"""The printed agenda: text read back from the PDF in Arabic, Chinese and Albanian."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import TranslationStatus


def _font_families() -> str:
    if not shutil.which("fc-list"):
        return ""
    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout


_FAMILIES = _font_families()
pytestmark = [
    pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}"),
    pytest.mark.skipif("Noto Sans CJK" not in _FAMILIES or "Arabic" not in _FAMILIES,
                       reason="the Noto fonts are not installed (apt-get install fonts-noto-core fonts-noto-cjk)"),
]

AR_TITLE = "اليوم الدولي للمهاجرين"
ZH_TITLE = "国际移民日"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    set_translation(event.id, event, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
    set_translation(event.id, event, "title", "zh", ZH_TITLE, TranslationStatus.REVIEWED)
    db.session.commit()
    return event


def read(client, lang: str) -> PdfReader:
    response = client.get(f"/{lang}/e/{DEMO_SLUG}/agenda.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def pdf_text(client, lang: str) -> str:
    return "\n".join(page.extract_text() for page in read(client, lang).pages)


def fonts(client, lang: str) -> set[str]:
    """The names of the fonts embedded in the PDF."""
    names = set()
    for page in read(client, lang).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_pdf_in_chinese_uses_a_cjk_font(client, demo):
    text = pdf_text(client, "zh")
    assert ZH_TITLE in text
    assert any("CJK" in name for name in fonts(client, "zh"))


def test_pdf_in_arabic(client, demo):
    text = pdf_text(client, "ar")
    # extracted text comes back in logical order for each word run; every word is there
    assert all(word in text for word in AR_TITLE.split()) or AR_TITLE[::-1] in text
    assert any("Arabic" in name for name in fonts(client, "ar"))


def test_pdf_in_albanian_keeps_diacritics(client, demo):
    text = pdf_text(client, "sq")
    assert "Dita Ndërkombëtare e Migrantëve" in text
    assert "Bashkëkryesues" in text or "Tryezë" in text or "Tryeza" in text
