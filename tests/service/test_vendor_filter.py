"""The vendor filter read from an index (issue 14 item 4): SQLite FTS5 trigram, PostgreSQL
pg_trgm. Substrings in any (ASCII) case, the same vendors on both databases, hostile text
taken literally, text shorter than a trigram, broad text paged, the index kept in step
with the vendors, the total from the same pass, and an edited index that can neither add
a vendor nor leave one out unnoticed."""

from __future__ import annotations

import string

import pytest
from sqlalchemy import text

from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.store import Database, audit_verify, search
from vendor_review.store.migrate import refresh

VENDORS = {
    "Alpha 100% Cloud": ("object storage", None),
    "Bravo 1000 Cloud": ("Hosting provider", "Bravo Hosting GmbH"),
    "Charlie Data_Sync": ("file sync", None),
    'Quote "NEAR" OR *star*': ("search syntax: a AND b, NEAR(a b), col:x ^y -z", None),
    "O'Brien Hosting": ("Hosting", "O'Brien & Sons Ltd"),
    "Back\\slash Networks": ("VoIP provider", "Backslash s.r.o."),
    "Zulu": (None, None),
    "Öko Zürich Bank": ("Überweisungen", "ÖZB AG"),
}
HOSTILE = [
    "%", "_", "\\", "'", '"', '""', "*", "NEAR", "OR", "AND", '" OR "', "a*", "*star*",
    "NEAR(a b)", "col:x", "^y", "-z", "(", "0%", "1000", "% C", "a_S", "o'b", "h\\s",
    'E "NEAR" O', "sync", "HOSTING", "clou", "ud", "z", "nothing like it",
    "zür", "ZüR", "ZÜR", "öko", "Öko", "ÖZB", "özb", "überw", "ü", "Ü", "k z",
]  # fmt: skip
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def folded(text: str) -> str:
    """``text`` with ASCII letters lowered, the others as they are (SQLite's ``LIKE``)."""
    return text.translate(ASCII_LOWER)


def expected(needle: str) -> list[str]:
    """Name, purpose or legal entity contains ``needle``, any ASCII case (other letters
    as typed: SQLite's ``LIKE``, and PostgreSQL the same)."""
    low = folded(needle)
    return sorted(
        name
        for name, (purpose, entity) in VENDORS.items()
        if any(low in folded(field or "") for field in (name, purpose, entity))
    )


def names(service: Service, needle: str, **kwargs: object) -> list[str]:
    return sorted(r.name for r in service.list_vendors(text=needle, **kwargs).rows)  # type: ignore[arg-type]


@pytest.fixture
def vendors(alice: Service) -> Service:
    for name, (purpose, entity) in VENDORS.items():
        add_vendor(alice, name, purpose=purpose, legal_entity=entity)
    return alice


def index_present(db: Database) -> bool:
    with db.engine.connect() as connection:
        if db.backend == "sqlite":
            return search.has_index(connection)
        found = connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = 'vendors'")
        ).scalars()
        return set(search.PG_INDEXES) <= set(found)


def test_the_filter_finds_substrings_literally_with_and_without_the_index(
    vendors: Service, db: Database
) -> None:
    assert index_present(db)
    for needle in HOSTILE:
        assert names(vendors, needle) == expected(needle), needle
    assert expected('"NEAR" OR') == ['Quote "NEAR" OR *star*']  # the case is not empty
    assert expected("zür") == ["Öko Zürich Bank"] and expected("ZÜR") == []
    with db.engine.begin() as connection:
        search.uninstall(connection)  # as on a database that cannot have the index: scans
        if db.backend == "postgresql":
            connection.exec_driver_sql(f"DROP EXTENSION {search.EXTENSION}")
    db.engine.dispose()  # connections that knew of the index (PostgreSQL) are gone
    assert not index_present(db)
    for needle in HOSTILE:
        assert names(vendors, needle) == expected(needle), needle


BROAD = [f"{a} {b} {i}" for i, (a, b) in enumerate(
    (a, b) for a in ("Acme", "Seven", "Raven", "Blue") for b in ("Cloud", "Oven", "Works")
)] + ["Vega", "AVE", "x"]  # fmt: skip
"""Names most of which hold the one- and two-letter texts below (no trigram to read)."""


@pytest.mark.parametrize("needle", ["a", "A", "e", "ve", "VE", "ven", "en 1", "x"])
def test_broad_and_short_text_pages_through_every_match_in_order(
    alice: Service, needle: str
) -> None:
    for name in BROAD:
        add_vendor(alice, name, purpose="Hosting" if "Blue" in name else None)
    low = folded(needle)
    matching = sorted(n for n in BROAD if low in folded(n) or (low in "hosting" and "Blue" in n))
    whole = alice.list_vendors(text=needle)
    assert sorted(r.name for r in whole.rows) == matching and whole.total == len(matching)
    for order, descending in (("name", False), ("name", True), ("kind", False)):
        listed = alice.list_vendors(text=needle, order=order, descending=descending)
        paged: list[str] = []
        for offset in range(0, len(matching) + 5, 5):
            page = alice.list_vendors(
                text=needle, order=order, descending=descending, limit=5, offset=offset
            )
            assert page.total == len(matching), (order, offset)
            paged += [r.name for r in page.rows]
        assert paged == [r.name for r in listed.rows], (needle, order, descending)


def test_the_total_comes_with_the_page(vendors: Service) -> None:
    page = vendors.list_vendors(text="hosting", limit=1)
    assert (page.total, [r.name for r in page.rows]) == (2, ["Bravo 1000 Cloud"])
    page = vendors.list_vendors(text="hosting", limit=1, offset=1)
    assert (page.total, [r.name for r in page.rows]) == (2, ["O'Brien Hosting"])
    page = vendors.list_vendors(text="hosting", limit=1, offset=5)
    assert (page.total, page.rows) == (2, [])
    assert vendors.list_vendors(text="no such vendor", limit=10).total == 0


def test_the_index_follows_renames_and_new_vendors(vendors: Service) -> None:
    vendors.update_vendor("Zulu", {"name": "Yankee Mail", "purpose": "Email delivery"})
    assert names(vendors, "zulu") == []
    assert names(vendors, "yankee") == ["Yankee Mail"]
    assert names(vendors, "email deliv") == ["Yankee Mail"]
    add_vendor(vendors, "Xray Payments", legal_entity="Xray Holdings")
    assert names(vendors, "holdings") == ["Xray Payments"]


def _edit_index(db: Database, vendor_id: int, indexed_as: str | None) -> None:
    """Outside the program: take the vendor out of the SQLite index (and put it back
    under other text)."""
    with db.engine.begin() as connection:
        row = connection.execute(
            text("SELECT name, purpose, legal_entity FROM vendors WHERE id = :i"), {"i": vendor_id}
        ).one()
        connection.execute(
            text(
                f"INSERT INTO {search.TABLE} ({search.TABLE}, rowid, name, purpose, legal_entity) "
                "VALUES ('delete', :i, :n, :p, :e)"
            ),
            {"i": vendor_id, "n": row[0], "p": row[1], "e": row[2]},
        )
        if indexed_as is not None:
            connection.execute(
                text(f"INSERT INTO {search.TABLE} (rowid, name) VALUES (:i, :n)"),
                {"i": vendor_id, "n": indexed_as},
            )


def _problems(db: Database) -> tuple[str, ...]:
    with db.read() as connection:
        return audit_verify.verify(connection).problems


def test_an_edited_index_cannot_add_a_vendor_and_leaving_one_out_is_reported(
    vendors: Service, db: Database
) -> None:
    if db.backend != "sqlite":
        pytest.skip("PostgreSQL's indexes are the server's own: no table to edit")
    zulu = vendors.get_vendor("Zulu").id
    bravo = vendors.get_vendor("Bravo 1000 Cloud").id
    _edit_index(db, bravo, indexed_as="Zulu Zulu")  # Bravo indexed under other text
    assert names(vendors, "zulu") == ["Zulu"]  # the index's word is checked on the row
    assert names(vendors, "bravo") == []  # three letters and more: the index decides
    assert names(vendors, "av") == ["Bravo 1000 Cloud"]  # shorter: the rows are read
    _edit_index(db, zulu, indexed_as=None)
    problems = _problems(db)
    assert any("lacks 1 vendor" in p for p in problems), problems
    with db.engine.begin() as connection:
        connection.exec_driver_sql('DROP TRIGGER "vr_search_vendors_insert"')
    assert any("vr_search_vendors_insert" in p for p in _problems(db))
    refresh(db.engine)  # what `db upgrade` does
    assert _problems(db) == ()
    assert names(vendors, "bravo") == ["Bravo 1000 Cloud"]
    assert names(vendors, "zulu") == ["Zulu"]
