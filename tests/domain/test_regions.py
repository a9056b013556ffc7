"""Region texts as ISO 3166 codes and groups (issue 9 item 7)."""

from __future__ import annotations

import pytest

from vendor_review.domain.regions import EEA, EU, RegionCodes, in_region, resolve_regions


@pytest.mark.parametrize(
    ("text", "codes", "groups"),
    [
        ("USA", ("US",), ()),
        ("United States", ("US",), ()),
        ("United States of America", ("US",), ()),
        ("US", ("US",), ()),
        ("U.S.", ("US",), ()),
        ("us", ("US",), ()),
        ("UK", ("GB",), ()),
        ("United Kingdom", ("GB",), ()),
        ("Great Britain", ("GB",), ()),
        ("Germany", ("DE",), ()),
        ("DEU", ("DE",), ()),
        ("the Netherlands", ("NL",), ()),
        ("Ireland (Dublin)", ("IE",), ()),
        ("Frankfurt, Germany", ("DE",), ()),
        ("Dublin", ("IE",), ()),
        ("US-East", ("US",), ()),
        ("US East (N. Virginia)", ("US",), ()),
        ("us-east-1", ("US",), ()),
        ("eu-west-2", ("GB",), ()),
        ("eu-central-1", ("DE",), ()),
        ("europe-west3", (), ("EU",)),
        ("Oregon", ("US",), ()),
        ("Zürich, Switzerland", ("CH",), ()),
        ("São Paulo", ("BR",), ()),
        ("United States and Ireland", ("IE", "US"), ()),
        ("USA; Germany\nJapan", ("DE", "JP", "US"), ()),
        ("EU", (), ("EU",)),
        ("European Union", (), ("EU",)),
        ("EEA", (), ("EEA",)),
        ("EU/EEA", (), ("EU", "EEA")),
        ("Worldwide", (), ("Worldwide",)),
        ("Global", (), ("Worldwide",)),
        ("USA & EU", ("US",), ("EU",)),
        ("North America", ("CA", "US"), ()),
        ("EU customers", (), ("EU",)),
        ("Linode, LLC (EU Location)", (), ("EU",)),
        ("Data centers in Germany", ("DE",), ()),
    ],
)
def test_one_text(text: str, codes: tuple[str, ...], groups: tuple[str, ...]) -> None:
    assert resolve_regions([text]) == RegionCodes(codes, groups, ())


@pytest.mark.parametrize("text", ["Mars", "APAC", "Non-EU", "outside the US", "Cloud", "?"])
def test_texts_not_understood_are_returned_not_guessed(text: str) -> None:
    assert resolve_regions([text]) == RegionCodes((), (), (text,))


def test_many_texts_union_sorted_and_unresolved_kept_once_in_order() -> None:
    got = resolve_regions(["USA", "Worldwide", "Mars", "Germany", "", "EU", "Mars", "APAC", "US"])
    assert got == RegionCodes(("DE", "US"), ("EU", "Worldwide"), ("Mars", "APAC"))


def test_groups_hold_the_member_states() -> None:
    assert len(EU) == 27
    assert {"IS", "LI", "NO"} == EEA - EU
    assert "GB" not in EU
    assert "CH" not in EEA


@pytest.mark.parametrize(
    ("codes", "groups", "wanted", "inside"),
    [
        (("DE",), (), "EU", True),
        (("US", "IE"), (), "EU", True),
        (("US",), (), "EU", False),
        (("GB",), (), "EU", False),
        ((), ("EU",), "EU", True),
        (("NO",), (), "EU", False),
        (("NO",), (), "EEA", True),
        ((), ("EU",), "EEA", True),
        (("US",), (), "US", True),
        (("US",), (), "USA", True),
        (("US",), (), "United States", True),
        (("DE",), (), "US", False),
        ((), ("EU",), "DE", False),
        ((), ("Worldwide",), "US", True),
        ((), ("Worldwide",), "EU", True),
        (("US",), (), "Worldwide", False),
        ((), (), "EU", False),
    ],
)
def test_in_region(
    codes: tuple[str, ...], groups: tuple[str, ...], wanted: str, inside: bool
) -> None:
    assert in_region(codes, groups, wanted) is inside


def test_in_region_names_a_region_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="unknown region 'Atlantis'"):
        in_region(("US",), (), "Atlantis")
