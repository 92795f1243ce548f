"""Serbian Latin → Cyrillic (app/translit.py): letter for letter, with what must stay as written kept."""
from __future__ import annotations

import pytest

from app.translit import to_cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Međunarodni dan migranata", "Међународни дан миграната"),
    ("Ljubljana, Njegoš, džem, Đorđe, Šćepan, žena, čas", "Љубљана, Његош, џем, Ђорђе, Шћепан, жена, час"),
    ("Ljiljana i Džemal", "Љиљана и Џемал"),
    ("LJUBAV NJIVA DŽEP ŠKOLA", "ЉУБАВ ЊИВА ЏЕП ШКОЛА"),        # capitals: one letter, not two
    ("injekcija, konjunktura, nadživeti", "инјекција, конјунктура, надживети"),  # pairs that are two letters
    ("Nj. E., dr, gđa…", "Њ. Е., др, гђа…"),
    ("Veličina: %(size)s MB", "Величина: %(size)s МБ"),
])
def test_letters(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Dobro došli, %(name)s!", "Добро дошли, %(name)s!"),
    ("%(count)d sesija u %(room)s", "%(count)d сесија у %(room)s"),
    ("Broj: %s", "Број: %s"),
    ('Vidi <a href="/sr/e/dita">program</a> &amp; <strong>više</strong>',
     'Види <a href="/sr/e/dita">програм</a> &amp; <strong>више</strong>'),
    ("Pišite na info@dita.example.org ili posetite https://dita.example.org/sr/njiva?x=lj",
     "Пишите на info@dita.example.org или посетите https://dita.example.org/sr/njiva?x=lj"),
    ("Preuzmite PDF, iCal ili CSV; UN i IOM; Dita", "Преузмите PDF, iCal или CSV; UN и IOM; Dita"),
    ("Uvezite PO datoteku iz Poedit ili Weblate", "Увезите PO датотеку из Poedit или Weblate"),
    ("Wi-Fi i Xbox", "Wi-Fi и Xbox"),  # letters Serbian does not have: a foreign word
    ("[veza](https://example.org/lj) i `kod`", "[веза](https://example.org/lj) и `kod`"),
    ("{0} i {name}", "{0} и {name}"),
    ("", ""),
])
def test_what_stays_as_written(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_cyrillic_and_other_scripts_pass_through():
    text = "Већ ћирилица · العربية · 中文 · 18. 12. 2026, 09:00–10:30"
    assert to_cyrillic(text) == text
