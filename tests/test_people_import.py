"""Many people at once from a pasted table or a CSV file: read, previewed with each row's problems,
created together on confirm, and nothing saved while anything is wrong."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from lxml import html as lxml_html

from app.extensions import db
from app.models import Gender, Person, StakeholderGroup
from tests.factories import count_queries, make_organizer_event, make_person

URL = "/manage/crowd/people/import"


@pytest.fixture
def event(app, auth):
    _, event = make_organizer_event(slug="crowd", source="en", languages=["en", "sq"])
    db.session.commit()
    auth.login()
    return event


def form_values(page: str) -> dict[str, str]:
    form = lxml_html.fromstring(page).forms[-1]
    return {name: value for name, value in form.form_values()}


def preview(client, table: str, **extra):
    data = form_values(client.get(URL).get_data(as_text=True))
    data.update({"table": table, "preview": "1", **extra})
    response = client.post(URL, data=data)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def confirm(client, page: str):
    data = form_values(page)
    data["confirm"] = "1"
    return client.post(URL, data=data)


def rows_of(page: str) -> list[tuple[str, str]]:
    """Each previewed row's name and its problems."""
    tree = lxml_html.fromstring(page)
    return [(" ".join(tr.xpath("string(td[2])").split()), " ".join(tr.xpath("string(td[last()])").split()))
            for tr in tree.xpath("//table[@class='import-table']/tbody/tr")]


def people() -> list[Person]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Person).order_by(Person.id)))


TABLE = (
    "Organization\tName\tHonorific\tCountry\tStakeholder group\tGender\tE-mail\tFunction\n"
    "IOM\tArta Krasniqi\tDr.\tXK\tUnited Nations system\tfemale\tarta@example.org\tChief of Mission\n"
    "Diaspora Network\tBesnik Hoxha\t\tGermany\tmigrant_community\tMan\t\tCoordinator\n"
    "\tDea Berisha\t\t\t\tagender in my words\t\t\n"
)


def test_a_pasted_table_is_previewed_then_created_on_confirm(client, event):
    page = preview(client, TABLE)
    assert rows_of(page) == [("Dr. Arta Krasniqi", ""), ("Besnik Hoxha", ""), ("Dea Berisha", "")]
    assert "3 people will be added." in page and "Germany" in page
    assert people() == []  # a preview saves nothing
    response = confirm(client, page)
    assert response.status_code == 302 and response.headers["Location"] == "/manage/crowd/people"
    assert "3 people were added to the event." in client.get("/manage/crowd/people").get_data(as_text=True)
    arta, besnik, dea = people()
    assert (arta.name, arta.honorific, arta.organization, arta.function, arta.country) == (
        "Arta Krasniqi", "Dr.", "IOM", "Chief of Mission", "XK")
    assert arta.stakeholder_group == StakeholderGroup.UN_SYSTEM and arta.gender == Gender.WOMAN
    assert arta.email == "arta@example.org"
    assert (besnik.country, besnik.stakeholder_group, besnik.gender) == ("DE", StakeholderGroup.MIGRANT_COMMUNITY,
                                                                         Gender.MAN)
    assert (dea.gender, dea.gender_description, dea.stakeholder_group) == (None, "agender in my words",
                                                                           StakeholderGroup.OTHER)
    assert {p.event_id for p in people()} == {event.id}


def test_without_a_header_the_columns_are_in_the_documented_order(client, event):
    page = preview(client, "Ana Gashi,Ms.,Mayor,Municipality of Prizren,xk,government,,ana@example.org\n"
                           '"Krasniqi, Blerim",,,UP,AL,academia,,\n')
    assert rows_of(page) == [("Ms. Ana Gashi", ""), ("Krasniqi, Blerim", "")]
    confirm(client, page)
    ana, blerim = people()
    assert (ana.function, ana.organization, ana.country, ana.stakeholder_group) == (
        "Mayor", "Municipality of Prizren", "XK", StakeholderGroup.GOVERNMENT)
    assert (blerim.name, blerim.country) == ("Krasniqi, Blerim", "AL")


def test_headers_and_country_names_in_the_interface_language(client, event):
    client.get("/fr/")  # the interface in French
    page = preview(client, "Nom;Organisation;Pays;Groupe de parties prenantes\n"
                           "Chloé Martin;OIM;Allemagne;Société civile\n")
    assert rows_of(page) == [("Chloé Martin", "")]
    confirm(client, page)
    (chloe,) = people()
    assert (chloe.organization, chloe.country, chloe.stakeholder_group) == ("OIM", "DE",
                                                                            StakeholderGroup.CIVIL_SOCIETY)


def test_every_row_shows_its_problems_and_nothing_is_saved(client, event):
    make_person(event, "Arta Krasniqi", organization="IOM")
    db.session.commit()
    table = ("name\torganization\tcountry\tgroup\temail\n"
             "Arta Krasniqi\tIOM\t\t\t\n"
             "\tNo name Org\t\t\t\n"
             "Gani Rama\t\tNarnia\t\t\n"
             "Hana Rama\t\t\tpirates\t\n"
             "Ilir Rama\t\t\t\tnot-an-address\n"
             "Jeta Rama\tUP\t\t\t\n"
             "Jeta Rama\tUP\t\t\t\n"
             "Kujtim Rama\t\tAL\tacademia\t\n")
    page = preview(client, table)
    problems = dict(rows_of(page))
    assert "is in this event already" in problems["Arta Krasniqi"]
    assert "The name is missing." in problems["—"]
    assert "Unknown country “Narnia”" in problems["Gani Rama"]
    assert "Unknown stakeholder group “pirates”" in problems["Hana Rama"]
    assert "e-mail address is not valid" in problems["Ilir Rama"]
    assert "The same person as on line 7." in rows_of(page)[6][1]
    assert problems["Kujtim Rama"] == ""
    assert "6 rows have problems" in page
    assert 'name="confirm"' not in page
    # A confirm sent anyway saves nothing.
    assert confirm(client, page).status_code == 200
    assert [p.name for p in people()] == ["Arta Krasniqi"]


def test_a_table_changed_after_the_preview_is_shown_again_not_saved(client, event):
    page = preview(client, "Lule Berisha\n")
    data = form_values(page)
    data.update({"confirm": "1", "table": "Lule Berisha\nMentor Berisha\n"})
    response = client.post(URL, data=data)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "The table changed since the preview" in text and "Mentor Berisha" in text
    assert people() == []
    assert confirm(client, text).status_code == 302
    assert [p.name for p in people()] == ["Lule Berisha", "Mentor Berisha"]


def test_someone_added_meanwhile_is_reported_and_nothing_is_saved(client, event):
    page = preview(client, "Nora Kelmendi\tUNDP\nOrhan Kelmendi\tUNDP\n".replace("\tUNDP", ""))
    make_person(event, "Orhan Kelmendi")
    db.session.commit()
    response = confirm(client, page)
    assert response.status_code == 200
    assert "is in this event already" in response.get_data(as_text=True)
    assert [p.name for p in people()] == ["Orhan Kelmendi"]


def test_a_csv_file_with_a_byte_order_mark(client, event):
    data = form_values(client.get(URL).get_data(as_text=True))
    content = "\ufeffName,Organization,Country\nPranvera Shala,UNICEF,Kosovo\n".encode()

    data.update({"file": (io.BytesIO(content), "people.csv"), "preview": "1"})
    page = client.post(URL, data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert rows_of(page) == [("Pranvera Shala", "")]
    assert "Pranvera Shala,UNICEF,Kosovo" in form_values(page)["table"]  # the file's text, carried to confirm
    confirm(client, page)
    (pranvera,) = people()
    assert (pranvera.organization, pranvera.country) == ("UNICEF", "XK")


@pytest.mark.parametrize("content, message", [
    ("Qëndresa;Shala".encode("cp1250"), "Dita reads CSV files saved as UTF-8 text"),
    (b"", "Paste a table or choose a CSV file."),
])
def test_unreadable_files_and_empty_tables_get_a_message(client, event, content, message):

    data = form_values(client.get(URL).get_data(as_text=True))
    data.update({"file": (io.BytesIO(content), "people.csv"), "preview": "1"})
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert people() == []


@pytest.mark.parametrize("table, message", [
    ("Organization\tCountry\nIOM\tXK\n", "none of them is the name"),
    ("Name\tName\nA\tB\n", "names the same column twice"),
    ('Name\n"unclosed\n', ""),
    ("Name\n", "The table has no rows below its column names."),
])
def test_tables_that_cannot_be_read_are_refused_with_a_message(client, event, table, message):
    page = preview(client, table)
    assert message in page
    assert confirm(client, page).status_code in (200, 302)
    assert len(people()) <= 1


def test_preview_queries_do_not_grow_with_the_rows(client, event):
    counts = []
    for size in (3, 150):
        table = "".join(f"Person {size}-{n}\tOrg {n}\tXK\tacademia\n" for n in range(size))
        data = form_values(client.get(URL).get_data(as_text=True))
        data.update({"table": table, "preview": "1"})
        with count_queries() as statements:
            assert client.post(URL, data=data).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_people_page_links_here(client, event):
    page = client.get("/manage/crowd/people").get_data(as_text=True)
    assert f'href="{URL}"' in page
