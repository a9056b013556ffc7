"""Importing published subprocessor lists into the inventory (issue 9 items 2, 5, 6, 8):
one vendor per company across lists, a link per parent, a newer copy's changes, defaults
and untriaged vendors, possible duplicates, and every refusal storing nothing. Runs on
SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from vendor_review.exchange.inbound.inventory import (
    VendorPlan,
    apply_vendor_plan,
    plan_vendor_import,
)
from vendor_review.service import Service
from vendor_review.service.errors import StateError, ValidationError
from vendor_review.service.imports import VendorImport
from vendor_review.store import Database
from vendor_review.store.models import AuditEvent, Vendor, VendorLink

LISTS = Path(__file__).resolve().parents[2] / "fixtures" / "lists"
SCRAPE = LISTS / "multi-company-scrape.csv"
INTERCOM = LISTS / "intercom-subprocessors.html"
SLACK = LISTS / "slack-subprocessors.xlsx"


def events(db: Database) -> list[str]:
    """The service's audit events (on PostgreSQL the database adds its own ``row.*``)."""
    with db.read_sessionmaker() as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq))
        return [a for a in actions if not a.startswith("row.")]


def counts(db: Database) -> tuple[int, int, int]:
    with db.read_sessionmaker() as s:
        return (
            s.scalar(select(func.count()).select_from(Vendor)) or 0,
            s.scalar(select(func.count()).select_from(VendorLink)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def imported(
    service: Service, path: Path, parent: str | None = None, **defaults: str
) -> tuple[VendorPlan, VendorImport]:
    plan = plan_vendor_import(service, path, parent=parent, defaults=defaults)
    assert not plan.fatal, plan.fatal
    return plan, apply_vendor_plan(service, plan)


def test_two_lists_sharing_a_company_give_one_vendor_with_two_links(
    alice: Service, db: Database
) -> None:
    plan, done = imported(alice, SLACK, parent="Slack")
    assert plan.parents_created == ("Slack",)
    aws = alice.get_vendor("Amazon Web Services, Inc.")
    assert aws.parents == ["Slack"] and aws.untriaged
    slack_link = alice.vendor_links(aws.id).parents[0]

    plan, done = imported(alice, INTERCOM, parent="Intercom")
    # "Amazon Web Services Inc (AWS)" on Intercom's page is the stored AWS: linked, not new.
    assert "Amazon Web Services, Inc." not in [v.name for v in done.created]
    links = alice.vendor_links("Amazon Web Services, Inc.")
    assert [(x.parent, x.purpose) for x in links.parents] == [
        ("Intercom", "Hosting & storage; Email sending (SES)"),
        ("Slack", slack_link.purpose),
    ]
    assert links.parents[1] == slack_link  # the Slack link untouched, version and all
    assert links.parents[0].source == "intercom-subprocessors.html"
    assert links.parents[0].source_sha256 == plan.sha256
    with db.read_sessionmaker() as s:
        same = s.scalar(select(func.count()).where(Vendor.name_key == "amazon web services"))
    assert same == 1
    rows = {r.name: r.parents for r in alice.list_vendors().rows}
    assert rows["Amazon Web Services, Inc."] == "Intercom, Slack"
    # the tree under each parent shows the shared subprocessor
    for parent in ("Slack", "Intercom"):
        assert "Amazon Web Services, Inc." in [r.name for r in alice.subprocessors(parent)]


def test_parent_column_links_each_row_and_close_names_are_only_suggested(
    alice: Service,
) -> None:
    plan = plan_vendor_import(alice, SCRAPE)
    assert sorted(plan.parents_created) == ["Intercom", "Slack", "Zed"]
    assert [(d.name, d.other) for d in plan.duplicates] == [
        ("Amazon Web Services Inc (AWS)", "Amazon Web Services Australia Pty Ltd")
    ]
    apply_vendor_plan(alice, plan)
    names = {v.name for v in alice.list_vendors().rows}
    assert "Amazon Web Services Australia Pty Ltd" in names  # never merged silently
    assert alice.get_vendor("Anthropic, PBC").parents == ["Intercom", "Slack", "Zed"]
    assert alice.get_vendor("Amazon Web Services (AWS)").parents == ["Intercom", "Slack"]
    assert alice.dashboard_summary().needs_triage == len(names)


def test_reimport_reports_added_removed_and_changed_and_ends_the_link(
    alice: Service, db: Database, tmp_path: Path
) -> None:
    first = tmp_path / "acme.csv"
    first.write_text(
        "Subprocessor,Purpose,Location\nLinode LLC,Hosting,EU\nTwilio Inc.,Voice,US\n",
        encoding="utf-8",
    )
    imported(alice, first, parent="Acme", data_access="personal", criticality="medium")
    assert not alice.get_vendor("Twilio").untriaged  # the defaults triaged the new ones
    assert alice.get_vendor("Acme").untriaged  # the parent: nobody said
    newer = tmp_path / "acme-2026.csv"
    newer.write_text(
        "Subprocessor,Purpose,Location\nLinode LLC,Hosting and backups,EU\nMailgun,Email,US\n",
        encoding="utf-8",
    )
    before = len(events(db))
    plan, done = imported(alice, newer, parent="Acme")
    actions = {(c.action, c.child) for c in plan.links}
    assert actions == {("change", "Linode LLC"), ("add", "Mailgun"), ("end", "Twilio Inc.")}
    change = next(c for c in plan.links if c.action == "change")
    assert change.changes == {"purpose": ("Hosting", "Hosting and backups")}
    assert done.links == {"added": 1, "changed": 1, "seen": 0, "reopened": 0, "ended": 1}
    assert events(db)[before:] == [
        "vendor.create",  # Mailgun, untriaged: a candidate for the triage count
        "vendor_link.changed",
        "vendor_link.create",
        "vendor.event",  # a new subprocessor: Acme's re-review is due now
        "vendor_link.end",
    ]
    twilio = alice.vendor_links("Twilio").parents
    assert [(x.parent, x.ended_on is not None) for x in twilio] == [("Acme", True)]
    assert [r.name for r in alice.subprocessors("Acme")] == ["Linode LLC", "Mailgun"]
    assert alice.get_vendor("Mailgun").untriaged
    assert alice.dashboard_summary().needs_triage == 2  # Acme and Mailgun
    # the same list again: every link seen, nothing else changes
    again = plan_vendor_import(alice, newer, parent="Acme")
    assert {c.action for c in again.links} == {"same"}


def test_triage_gate_and_triage(alice: Service, db: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Name\nTwilio Inc.\n", encoding="utf-8")
    imported(alice, path)
    with pytest.raises(StateError) as refused:
        alice.start_assessment("Twilio Inc.", "imp")
    assert str(refused.value) == (
        "vendor 'Twilio Inc.' is untriaged (no data access or criticality yet), so it has no "
        "inherent risk to assess against; triage it first: vendor-review vendor triage "
        "'Twilio Inc.' --data-access LEVEL --criticality LEVEL"
    )
    due = alice.due_list(within_days=60).items
    assert [(i.vendor_name, i.reason.split(":")[0]) for i in due] == [
        ("Twilio Inc.", "needs triage (no data access or criticality yet)")
    ]
    triaged = alice.triage_vendor("Twilio", "personal", "medium", "service")
    assert (triaged.untriaged, triaged.kind.value) == (False, "service")
    assert events(db)[-1] == "vendor.triage"
    assert alice.list_vendors().rows[0].inherent_risk == "high"
    assert alice.start_assessment("Twilio Inc.", "imp").status.value == "draft"


def test_merge_moves_links_assessments_and_is_audited(
    alice: Service, db: Database, tmp_path: Path
) -> None:
    imported(alice, SCRAPE, data_access="personal", criticality="high", kind="service")
    alice.start_assessment("Amazon Web Services Australia Pty Ltd", "imp")
    merged = alice.merge_vendors(
        "Amazon Web Services (AWS)", "Amazon Web Services Australia Pty Ltd", "one AWS"
    )
    assert merged.name == "Amazon Web Services Inc (AWS)"
    assert merged.parents == ["Intercom", "Slack"]
    assert "Amazon Web Services Australia Pty Ltd" not in {
        r.name for r in alice.list_vendors().rows
    }
    assert [a.vendor_name for a in alice.list_assessments(vendor=merged.id)] == [merged.name]
    # Intercom listed both: one link kept, the other's regions joined in
    link = next(x for x in alice.vendor_links(merged.id).parents if x.parent == "Intercom")
    assert link.regions == ["US", "EU", "Australia"]
    assert events(db)[-3:] == ["vendor_link.join", "vendor.merge", "vendor.delete"]


def test_every_refusal_names_the_problem_and_stores_nothing(
    alice: Service, db: Database, tmp_path: Path
) -> None:
    imported(alice, SCRAPE, data_access="personal", criticality="high", kind="service")
    alice.start_assessment("Anthropic", "imp")
    alice.add_vendor({"name": "Anthropic Ireland", "kind": "service", "data_access": "personal",
                      "criticality": "low"})  # fmt: skip
    alice.start_assessment("Anthropic Ireland", "imp")
    state = counts(db)
    with pytest.raises(StateError) as both:
        alice.merge_vendors("Anthropic", "Anthropic Ireland")
    assert str(both.value).startswith(
        "cannot merge 'Anthropic Ireland' into 'Anthropic PBC': both have an open assessment "
        "of 'imp' (#"
    )
    with pytest.raises(ValidationError, match=r"^'Zed' and 'Zed' are one vendor; nothing to"):
        alice.merge_vendors("Zed", "Zed")
    alice.update_vendor("Anthropic", {"parent": "Fly.io"})
    state = counts(db)
    with pytest.raises(ValidationError, match="'Anthropic PBC' would become its own"):
        alice.merge_vendors("Anthropic", "Zed")  # Zed → Fly.io → Anthropic, Zed = Anthropic
    with pytest.raises(ValidationError, match="is the same company as the vendor 'Zed'"):
        alice.add_vendor({"name": "Zed Inc."})
    with pytest.raises(ValidationError, match=r"cannot be a subprocessor of 'Fly\.io Inc\.'"):
        alice.update_vendor("Zed", {"parent": "Fly.io"})
    loop = tmp_path / "loop.csv"
    loop.write_text("Name\nZed\nMailgun\n", encoding="utf-8")
    plan = plan_vendor_import(alice, loop, parent="Fly.io")
    with pytest.raises(ValidationError, match=r"cannot be a subprocessor of 'Fly\.io Inc\.'"):
        apply_vendor_plan(alice, plan)
    own = plan_vendor_import(alice, loop, parent="Zed")
    assert [p.message for p in own.fatal] == ["'Zed' cannot be its own parent"]
    with pytest.raises(ValidationError, match="problem"):
        apply_vendor_plan(alice, own)
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Criticality\nX,extreme\n", encoding="utf-8")
    refused = plan_vendor_import(alice, bad)
    assert [p.message for p in refused.fatal] == [
        "criticality 'extreme': Input should be 'low', 'medium' or 'high'"
    ]
    assert counts(db) == state
