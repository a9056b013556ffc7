"""``vendor`` and ``cert`` commands: the inventory and its certificates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vendor_review.cli.app import (
    DATE,
    FILE,
    AppContext,
    choice,
    date_of,
    echo,
    emit,
    emit_json,
    emit_table,
    json_option,
    pass_app,
    table,
)
from vendor_review.cli.due import Window, window_days
from vendor_review.cli.vendor_events import vendor_edit, vendor_event
from vendor_review.domain.enums import (
    CertificateStandard,
    Criticality,
    DataAccess,
    VendorKind,
    VendorStatus,
)

if TYPE_CHECKING:
    from vendor_review.service.dto import Link

data_access_option = click.option(
    "--data-access",
    type=choice(DataAccess),
    required=True,
    help="The most sensitive data the vendor can reach.",
)


@click.group()
def vendor() -> None:
    """Keep the inventory of vendors and their subprocessors."""


vendor.add_command(vendor_event)
vendor.add_command(vendor_edit)


@vendor.command("add")
@click.argument("name")
@click.option("--kind", type=choice(VendorKind), required=True)
@data_access_option
@click.option("--criticality", type=choice(Criticality), required=True)
@click.option("--parent", metavar="VENDOR", help="The vendor whose subprocessor this is.")
@click.option("--region", "regions", multiple=True, help="Where data is stored (repeatable).")
@click.option("--purpose", help='What it does for you, e.g. "VoIP provider".')
@click.option("--legal-entity")
@click.option("--website")
@click.option("--contact")
@click.option("--owner", help="Who in your team owns the relationship.")
@click.option("--dpa-signed", "dpa_signed_on", type=DATE)
@click.option("--scope", "scopes", multiple=True, help="A regulated scope, e.g. pci (repeatable).")
@json_option
@pass_app
def vendor_add(
    app: AppContext,
    /,
    as_json: bool,
    name: str,
    regions: tuple[str, ...],
    dpa_signed_on: datetime | None,
    scopes: tuple[str, ...],
    **fields: Any,
) -> None:
    """Add vendor NAME to the inventory."""
    data = {k: v for k, v in fields.items() if v is not None}
    data.update(name=name, regions=list(regions), scopes=list(scopes))
    if dpa_signed_on is not None:
        data["dpa_signed_on"] = dpa_signed_on.date()
    created = app.service().add_vendor(data)
    emit(created, as_json, f"Added vendor #{created.id} {created.name}")


@vendor.command("list")
@click.option("--status", type=choice(VendorStatus))
@click.option("--filter", "text", help="Only vendors whose name or purpose contains TEXT.")
@click.option(
    "--region",
    help="Only vendors processing data in REGION: a country or its code, EU, EEA, Worldwide.",
)
@click.option("--untriaged", is_flag=True, help="Only vendors that need triage.")
@click.option("--sort", "order", default="name", show_default=True)
@json_option
@pass_app
def vendor_list(
    app: AppContext,
    as_json: bool,
    status: str | None,
    text: str | None,
    region: str | None,
    untriaged: bool,
    order: str,
) -> None:
    """List the vendors with status, rating and next review date."""
    from vendor_review.service.vendor_list import VendorListOps

    page = app.ops(VendorListOps).list_vendors(
        text=text,
        status=VendorStatus(status) if status else None,
        region=region,
        untriaged=True if untriaged else None,
        order=order,
    )
    emit_table(
        page.rows,
        as_json,
        [
            "ID",
            "NAME",
            "PARENTS",
            "KIND",
            "STATUS",
            "INHERENT",
            "SCORE",
            "RATING",
            "NEXT REVIEW",
            "OPEN",
        ],
        lambda r: [
            r.id,
            r.name,
            r.parents,
            r.kind.value,
            r.status.value,
            r.inherent_risk or "untriaged",
            r.control_score,
            r.rating,
            r.next_review_due,
            r.open_findings,
        ],
    )


@vendor.command("show")
@click.argument("ref", metavar="NAME|ID")
@json_option
@pass_app
def vendor_show(app: AppContext, as_json: bool, ref: str) -> None:
    """Show a vendor's profile, subprocessors, certificates and assessments."""
    from vendor_review.service.vendor_profile import VendorProfileOps

    # how far each assessment is answered (which needs its questionnaire) is in the JSON only
    profile = app.ops(VendorProfileOps).vendor_profile(ref, progress=as_json)
    v, links, certs = profile.vendor, profile.links, profile.certificates
    assessments, events = profile.assessments, profile.events
    if as_json:
        emit_json(
            {
                "vendor": v,
                "parents": [_link_json(link, link.parent) for link in links.parents],
                "subprocessors": [_link_json(link, link.child) for link in links.subprocessors],
                "certificates": certs,
                "assessments": assessments,
                "events": events,
            }
        )
        return
    fields = [
        ("Name", v.name),
        ("Legal entity", v.legal_entity),
        ("Kind", v.kind.value),
        ("Purpose", v.purpose),
        ("Subprocessor of", ", ".join(v.parents)),
        ("Regions", ", ".join(v.regions)),
        ("Region codes", " ".join(v.region_codes)),
        ("Data access", v.data_access.value if v.data_access else "untriaged"),
        ("Criticality", v.criticality.value if v.criticality else "untriaged"),
        ("Scopes", ", ".join(v.scopes)),
        ("Status", v.status.value),
        ("DPA signed", v.dpa_signed_on),
        ("Owner", v.owner),
        ("Website", v.website),
    ]
    table(["FIELD", "VALUE"], [[k, val] for k, val in fields])
    for title, rows, far in (
        ("Subprocessor of", links.parents, "parent"),
        ("Subprocessors", links.subprocessors, "child"),
    ):
        if rows:
            echo(f"\n{title}:")
            table(
                ["NAME", "PURPOSE", "REGIONS", "SOURCE", "FIRST SEEN", "LAST SEEN", "ENDED"],
                [
                    [getattr(x, far), x.purpose, ", ".join(x.regions), x.source, x.first_seen,
                     x.last_seen, x.ended_on]
                    for x in rows
                ],
            )  # fmt: skip
    if certs:
        echo("\nCertificates:")
        table(
            ["ID", "STANDARD", "ISSUER", "EXPIRES"],
            [[c.id, c.standard, c.issuer, c.expires_on] for c in certs],
        )
    if assessments:
        echo("\nAssessments:")
        table(
            ["ID", "QUESTIONNAIRE", "STATUS", "SCORE", "RATING", "NEXT REVIEW"],
            [
                [
                    a.id,
                    f"{a.questionnaire_id}@{a.questionnaire_version}",
                    a.status.value,
                    a.control_score,
                    a.rating,
                    a.next_review_due,
                ]
                for a in assessments
            ],
        )
    if events:
        echo("\nEvents (each makes the re-review due unless decided since):")
        table(
            ["ID", "KIND", "ON", "RECORDED", "BY", "NOTE"],
            [[e.id, e.kind, e.occurred_on, e.recorded_on, e.recorded_by, e.note] for e in events],
        )


@vendor.command("triage")
@click.argument("ref", metavar="NAME|ID")
@data_access_option
@click.option("--criticality", type=choice(Criticality), required=True)
@click.option("--kind", type=choice(VendorKind))
@json_option
@pass_app
def vendor_triage(
    app: AppContext,
    as_json: bool,
    ref: str,
    data_access: str,
    criticality: str,
    kind: str | None,
) -> None:
    """Give an (untriaged) vendor its data access and criticality, hence its inherent
    risk: then it can be assessed."""
    v = app.service().triage_vendor(ref, data_access, criticality, kind)
    if as_json:
        emit_json(v)
        return
    assert v.data_access is not None and v.criticality is not None
    echo(
        f"Triaged {v.name}: {v.kind.value}, data access {v.data_access.value}, "
        f"criticality {v.criticality.value}"
    )


@vendor.command("merge")
@click.argument("keep", metavar="A")
@click.argument("merged", metavar="B")
@click.option("--reason", help="Why they are one company (kept in the audit trail).")
@json_option
@pass_app
def vendor_merge(
    app: AppContext, as_json: bool, keep: str, merged: str, reason: str | None
) -> None:
    """Merge vendor B into vendor A: B's links, assessments, certificates and findings
    move to A, A's empty fields take B's, B is deleted. Audited."""
    service = app.service()
    gone = service.get_vendor(merged)
    v = service.merge_vendors(keep, merged, reason)
    emit(v, as_json, f"Merged {gone.name} (#{gone.id}) into {v.name} (#{v.id})")


@vendor.command("offboard")
@click.argument("ref", metavar="NAME|ID")
@click.option("--reason", required=True)
@pass_app
def vendor_offboard(app: AppContext, ref: str, reason: str) -> None:
    """Mark a vendor offboarded (it leaves the due list)."""
    v = app.service().offboard_vendor(ref, reason)
    echo(f"Offboarded {v.name}")


@click.group()
def cert() -> None:
    """Record vendors' certificates and reports (ISO 27001, SOC 2, PCI DSS …)."""


@cert.command("add")
@click.argument("vendor_ref", metavar="VENDOR")
@click.option("--standard", type=choice(CertificateStandard), required=True)
@click.option(
    "--expires",
    type=DATE,
    help="Expiry; for a SOC report, default period end + 12 months.",
)
@click.option("--issued", type=DATE)
@click.option("--period-end", type=DATE, help="End of a SOC report's period.")
@click.option("--issuer", help="Certification body or auditor.")
@click.option("--scope")
@click.option("--evidence", type=FILE, help="The certificate or report file to store with it.")
@json_option
@pass_app
def cert_add(
    app: AppContext,
    as_json: bool,
    vendor_ref: str,
    standard: str,
    expires: datetime | None,
    issued: datetime | None,
    period_end: datetime | None,
    issuer: str | None,
    scope: str | None,
    evidence: Path | None,
) -> None:
    """Add a certificate to VENDOR."""
    created = app.service().add_certificate(
        vendor_ref,
        CertificateStandard(
            next(s for s in CertificateStandard if s.value.lower() == standard.lower())
        ),
        expires_on=date_of(expires),
        issued_on=date_of(issued),
        period_end=date_of(period_end),
        issuer=issuer,
        scope=scope,
        evidence_path=evidence,
    )
    emit(
        created,
        as_json,
        f"Added certificate #{created.id} {created.standard} for {created.vendor_name}"
        f", expires {created.expires_on}",
    )


@cert.command("list")
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@click.option("--expiring", "window", type=Window(), help="Only those expiring within 60d, 8w, 3m.")
@click.option("--as-of", "as_of", type=DATE, help="Pretend today is DATE.")
@json_option
@pass_app
def cert_list(
    app: AppContext,
    as_json: bool,
    vendor_ref: str | None,
    window: tuple[int, str] | None,
    as_of: datetime | None,
) -> None:
    """List certificates, soonest expiry first (expired ones included)."""
    day = as_of.date() if as_of is not None else date.today()
    until = day + timedelta(days=window_days(window, day)) if window else None
    certs = app.service().list_certificates(vendor=vendor_ref, expiring_by=until)
    emit_table(
        certs,
        as_json,
        ["ID", "VENDOR", "STANDARD", "ISSUER", "EXPIRES", "DAYS"],
        lambda c: [
            c.id,
            c.vendor_name,
            c.standard,
            c.issuer,
            c.expires_on,
            (c.expires_on - day).days,
        ],
    )


def _link_json(link: Link, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "purpose": link.purpose,
        "regions": link.regions,
        "region_codes": link.region_codes,
        "source": link.source,
        "source_sha256": link.source_sha256,
        "first_seen": link.first_seen.isoformat(),
        "last_seen": link.last_seen.isoformat(),
        "ended_on": link.ended_on.isoformat() if link.ended_on else None,
    }
