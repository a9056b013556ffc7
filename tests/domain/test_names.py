"""The name key that makes one vendor of one company (issue 9 item 5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendor_review.domain.names import name_key, possible_duplicates, similarity


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Amazon Web Services, Inc.", "amazon web services"),
        ("Amazon Web Services Inc (AWS)", "amazon web services"),
        ("Amazon Web Services (AWS)", "amazon web services"),
        ("amazon web services (aws)", "amazon web services"),
        ("Amazon Web Services Australia Pty Ltd", "amazon web services australia"),
        ("Amazon Web Services EMEA SARL", "amazon web services emea"),
        ("Anthropic, PBC", "anthropic"),
        ("Anthropic PBC", "anthropic"),
        ("Google LLC", "google"),
        ("Google L.L.C.", "google"),
        ("Microsoft Corporation", "microsoft"),
        ("Microsoft Corp.", "microsoft"),
        ("Functional Software, Inc. (Sentry)", "functional software sentry"),
        ("Zendesk Ltd.", "zendesk"),
        ("Zendesk Limited", "zendesk"),
        ("Hetzner Online GmbH", "hetzner online"),
        ("Robert Bosch GmbH & Co. KG", "robert bosch"),
        ("SAP SE", "sap"),
        ("Adyen N.V.", "adyen"),
        ("Mollie B.V.", "mollie"),
        ("Mollie BV", "mollie"),
        ("Seznam.cz, a.s.", "seznamcz"),
        ("Kiwi.com s.r.o.", "kiwicom"),
        ("Shopify Commerce Singapore Pte. Ltd.", "shopify commerce singapore"),
        ("Infosys Private Limited", "infosys"),
        ("Wise Payments Ltd. (UK)", "wise payments"),
        ("Lane & Partners Co.", "lane partners"),
        ("Elastic N.V. — Elasticsearch", "elastic nv elasticsearch"),
        ("  Société  Générale   SA ", "société générale"),
        ("ＡＣＭＥ Ｉｎｃ", "acme"),  # full-width letters (NFKC)
        ("Ama\u200bzon Web\u00a0Services\u202e Inc", "amazon web services"),  # invisible marks
        ("Slack\x1b[31m Technologies", "slack 31m technologies"),  # a control is a break
        ("Limited", "limited"),  # only a suffix: kept
        ("Inc (AWS)", "inc"),
        ("Co.", "co"),
        ("Twilio Inc. (SendGrid)", "twilio sendgrid"),  # a brand, not an acronym
        ("", ""),
        ("   ", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_aws_variants_are_one_key_and_australia_another() -> None:
    same = {
        name_key(n)
        for n in (
            "Amazon Web Services Inc (AWS)",
            "Amazon Web Services, Inc.",
            "Amazon Web Services (AWS)",
            "AMAZON WEB SERVICES INC",
        )
    }
    assert same == {"amazon web services"}
    assert name_key("Amazon Web Services Australia Pty Ltd") not in same


words = st.lists(
    st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"]), min_size=1, max_size=8),
    min_size=1,
    max_size=5,
)


@given(st.text(max_size=40))
def test_name_key_is_idempotent(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key


latin = st.lists(
    st.text(
        alphabet=st.characters(
            categories=["Ll", "Lu", "Nd"],
            max_codepoint=0x24F,
            exclude_characters="ıſ",  # Turkish dotless i and long s upper-case to ASCII
        ),
        min_size=1,
        max_size=8,
    ),
    min_size=1,
    max_size=5,
)


@given(latin)
def test_name_key_ignores_case(parts: list[str]) -> None:
    name = " ".join(parts)
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(name)


@given(words, st.lists(st.sampled_from([",", ";", ":", "!", "*", "–", "/", "&"]), min_size=1))
def test_name_key_ignores_punctuation_between_words(parts: list[str], marks: list[str]) -> None:
    plain = " ".join(parts)
    marked = "".join(f"{p}{marks[i % len(marks)]} " for i, p in enumerate(parts))
    assert name_key(marked) == name_key(plain)


@given(words)
def test_name_key_ignores_dots_and_spacing(parts: list[str]) -> None:
    assert name_key("  ".join(f"{p}." for p in parts)) == name_key(" ".join(parts))


@pytest.mark.parametrize(
    ("a", "b", "least", "most"),
    [
        ("openai", "open ai", 90, 99.9),
        ("datadog", "data dog", 90, 99.9),
        ("amazon web services", "amazon web services australia", 85, 99.9),
        ("slack", "stripe", 0, 40),
        ("amazon web services", "amazon web services", 100, 100),
        ("", "anything", 0, 0),
    ],
)
def test_similarity(a: str, b: str, least: float, most: float) -> None:
    assert least <= similarity(a, b) <= most
    assert similarity(a, b) == similarity(b, a)


def test_possible_duplicates_are_close_but_different_keys_best_first() -> None:
    candidates = [
        (1, "amazon web services"),
        (2, "amazon web service"),
        (3, "slack technologies"),
        (4, "amazon web services australia"),
        (5, ""),
    ]
    found = possible_duplicates("amazon web services", candidates, threshold=85)
    assert [ident for ident, _ in found] == [2, 4]
    assert found[0][1] >= found[1][1]
    assert possible_duplicates("", candidates, threshold=0) == []
    assert possible_duplicates("zoom video communications", candidates) == []
