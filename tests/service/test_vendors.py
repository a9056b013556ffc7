"""The inventory: lookups, the subprocessor tree, filtering, paging and sorting."""

from __future__ import annotations

import pytest

from support.database import count_events
from support.portfolio import add_vendor
from vendor_review.domain.enums import VendorStatus
from vendor_review.service import Service
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.store import Database

EVIL = "[@click=app.quit]Evil Corp[/]"


def test_vendor_input_and_lookup(alice: Service) -> None:
    add_vendor(alice)
    with pytest.raises(ValidationError, match=r"^a vendor named 'Twilio' already exists$"):
        add_vendor(alice)
    with pytest.raises(ValidationError, match=r"^kind: Input should be 'infrastructure'") as bad:
        alice.add_vendor({"name": "X", "kind": "alien"})
    assert set(bad.value.problems) == {"kind"}
    with pytest.raises(ValidationError, match=r"^name: String should have at least 1 character"):
        alice.add_vendor({"name": "   "})
    with pytest.raises(NotFoundError, match=r"^no vendor 'Nobody'$"):
        alice.add_vendor({"name": "Sub", "parent": "Nobody"})
    assert alice.list_vendors().total == 1
    for name in ("Quality Unit LLC", "Quality Unit Ukraine"):
        add_vendor(alice, name)
    assert alice.get_vendor("twilio").name == "Twilio"
    assert alice.get_vendor("Quality Unit U").name == "Quality Unit Ukraine"
    with pytest.raises(NotFoundError) as ambiguous:
        alice.get_vendor("quality")
    message = str(ambiguous.value)
    assert message.startswith("'quality' matches several vendors: ")
    assert message.endswith("; be exact")
    assert "'Quality Unit LLC'" in message and "'Quality Unit Ukraine'" in message
    with pytest.raises(NotFoundError, match=r"^no vendor '99'$"):
        alice.get_vendor(99)


def test_parent_cycles_are_refused(alice: Service, db: Database) -> None:
    add_vendor(alice, "LiveAgent")
    add_vendor(alice, "AWS", parent="LiveAgent")
    add_vendor(alice, "AWS Frankfurt", parent="AWS")
    events = count_events(db)
    with pytest.raises(ValidationError) as cycle:
        alice.update_vendor("LiveAgent", {"parent": "AWS Frankfurt"})
    assert str(cycle.value) == (
        "'LiveAgent' cannot be a subprocessor of 'AWS Frankfurt': 'AWS Frankfurt' is already "
        "one of its own (indirect) subprocessors"
    )
    with pytest.raises(ValidationError, match=r"^'AWS' cannot be its own subprocessor$"):
        alice.update_vendor("AWS", {"parent": "AWS"})
    assert alice.get_vendor("LiveAgent").parents == []
    assert alice.get_vendor("AWS").parents == ["LiveAgent"]
    assert count_events(db) == events
    # a second parent: one link more, the vendor itself unchanged, and the new parent's
    # re-review is due now (a new subprocessor appeared under it)
    linked = alice.update_vendor("AWS Frankfurt", {"parent": "LiveAgent"})
    assert (linked.parents, linked.version) == (["AWS", "LiveAgent"], 1)
    assert count_events(db) == events + 2
    assert alice.vendor_events("LiveAgent")[0].note == "new subprocessor AWS Frankfurt"
    assert [r.name for r in alice.subprocessors("LiveAgent")] == ["AWS", "AWS Frankfurt"]
    assert [r.name for r in alice.subprocessors("AWS")] == ["AWS Frankfurt"]


@pytest.fixture
def inventory(alice: Service) -> Service:
    """Names sort the same under any collation (distinct leading words)."""
    add_vendor(alice, "Alpha 100% Cloud", kind="infrastructure")
    add_vendor(alice, "Bravo 1000 Cloud", kind="infrastructure")
    add_vendor(alice, "Charlie Data_Sync", kind="service", purpose="file sync")
    add_vendor(alice, "Delta DataXSync", kind="subcontractor", legal_entity="DataX s.r.o.")
    add_vendor(alice, "Echo", kind="service", purpose="VoIP provider")
    return alice


def test_filter_treats_like_wildcards_literally(inventory: Service) -> None:
    def names(text: str) -> list[str]:
        return [r.name for r in inventory.list_vendors(text=text).rows]

    assert names("100%") == ["Alpha 100% Cloud"]  # as a pattern it would match 1000 too
    assert names("a_s") == ["Charlie Data_Sync"]  # as a pattern it would match aXS too
    assert names("%") == ["Alpha 100% Cloud"]
    assert names("_") == ["Charlie Data_Sync"]
    assert names("voip") == ["Echo"]  # purpose, any case
    assert names("s.r.o") == ["Delta DataXSync"]  # legal entity
    assert names("cloud") == ["Alpha 100% Cloud", "Bravo 1000 Cloud"]
    assert inventory.list_vendors(text="nothing like it").total == 0
    created = inventory.add_vendor({"name": EVIL, "purpose": "[b]bold[/b]", "kind": "other"})
    assert (created.name, inventory.get_vendor(EVIL).purpose) == (EVIL, "[b]bold[/b]")
    assert inventory.get_vendor(created.id).name == EVIL
    assert names("[@click=") == [EVIL]  # stored and found verbatim


def test_paging_and_sorting(inventory: Service) -> None:
    def page(**kwargs: object) -> tuple[int, list[str]]:
        result = inventory.list_vendors(**kwargs)  # type: ignore[arg-type]
        return result.total, [r.name.split()[0] for r in result.rows]

    assert page(limit=2) == (5, ["Alpha", "Bravo"])
    assert page(limit=2, offset=2) == (5, ["Charlie", "Delta"])
    assert page(limit=2, offset=4) == (5, ["Echo"])
    assert page(offset=5) == (5, [])
    assert page(order="name", descending=True) == (
        5,
        ["Echo", "Delta", "Charlie", "Bravo", "Alpha"],
    )
    # by kind, ties by name: infrastructure A B, service C E, subcontractor D
    assert page(order="kind", limit=3, offset=1) == (5, ["Bravo", "Charlie", "Echo"])
    assert page(order="kind", descending=True, limit=2) == (5, ["Delta", "Charlie"])
    assert page(text="cloud", limit=1, offset=1) == (2, ["Bravo"])
    assert page(status=VendorStatus.APPROVED) == (0, [])
    with pytest.raises(ValidationError, match=r"^cannot sort by 'id; drop' \(one of name, kind"):
        inventory.list_vendors(order="id; drop")


def test_offboard_needs_a_reason_and_happens_once(alice: Service) -> None:
    add_vendor(alice)
    with pytest.raises(ValidationError, match="offboarding needs a reason"):
        alice.offboard_vendor("Twilio", " ")
    assert alice.offboard_vendor("Twilio", "contract ended").status is VendorStatus.OFFBOARDED
    with pytest.raises(Exception, match="vendor 'Twilio' is already offboarded"):
        alice.offboard_vendor("Twilio", "again")
    with pytest.raises(Exception, match="'Twilio' is offboarded; reinstate it first"):
        alice.start_assessment("Twilio", "mini")
    assert alice.reinstate_vendor("Twilio", "new contract").status is VendorStatus.CANDIDATE
