"""``vendor`` and ``cert`` commands: the inventory and its certificates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from vendor_review.cli.app import AppContext, echo, emit_json, json_option, pass_app, table
from vendor_review.cli.due import Window, window_days
from vendor_review.domain.enums import (
    CertificateStandard,
    Criticality,
    DataAccess,
    VendorKind,
    VendorStatus,
)


def _choice(enum: Any) -> click.Choice:  # type: ignore[type-arg]
    return click.Choice([e.value for e in enum], case_sensitive=False)


@click.group()
def vendor() -> None:
    """Keep the inventory of vendors and their subprocessors."""


@vendor.command("add")
@click.argument("name")
@click.option("--kind", type=_choice(VendorKind), required=True)
@click.option(
    "--data-access",
    type=_choice(DataAccess),
    required=True,
    help="The most sensitive data the vendor can reach.",
)
@click.option("--criticality", type=_choice(Criticality), required=True)
@click.option("--parent", metavar="VENDOR", help="The vendor whose subprocessor this is.")
@click.option("--region", "regions", multiple=True, help="Where data is stored (repeatable).")
@click.option("--purpose", help='What it does for you, e.g. "VoIP provider".')
@click.option("--legal-entity")
@click.option("--website")
@click.option("--contact")
@click.option("--owner", help="Who in your team owns the relationship.")
@click.option("--dpa-signed", "dpa_signed_on", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--scope", "scopes", multiple=True, help="A regulated scope, e.g. pci (repeatable).")
@json_option
@pass_app
def vendor_add(
    app: AppContext,
    as_json: bool,
    name: str,
    regions: tuple[str, ...],
    dpa_signed_on: Any,
    scopes: tuple[str, ...],
    **fields: Any,
) -> None:
    """Add vendor NAME to the inventory."""
    data = {k: v for k, v in fields.items() if v is not None}
    data.update(name=name, regions=list(regions), scopes=list(scopes))
    if dpa_signed_on is not None:
        data["dpa_signed_on"] = dpa_signed_on.date()
    created = app.service().add_vendor(data)
    if as_json:
        emit_json(created)
    else:
        echo(f"Added vendor #{created.id} {created.name}")


@vendor.command("list")
@click.option("--status", type=_choice(VendorStatus))
@click.option("--filter", "text", help="Only vendors whose name or purpose contains TEXT.")
@click.option("--sort", "order", default="name", show_default=True)
@json_option
@pass_app
def vendor_list(
    app: AppContext, as_json: bool, status: str | None, text: str | None, order: str
) -> None:
    """List the vendors with status, rating and next review date."""
    page = app.service().list_vendors(
        text=text, status=VendorStatus(status) if status else None, order=order
    )
    if as_json:
        emit_json(page.rows)
        return
    table(
        [
            "ID",
            "NAME",
            "PARENT",
            "KIND",
            "STATUS",
            "INHERENT",
            "SCORE",
            "RATING",
            "NEXT REVIEW",
            "OPEN",
        ],
        [
            [
                r.id,
                r.name,
                r.parent_name,
                r.kind.value,
                r.status.value,
                r.inherent_risk,
                r.control_score,
                r.rating,
                r.next_review_due,
                r.open_findings,
            ]
            for r in page.rows
        ],
    )


@vendor.command("show")
@click.argument("ref", metavar="NAME|ID")
@json_option
@pass_app
def vendor_show(app: AppContext, as_json: bool, ref: str) -> None:
    """Show a vendor's profile, subprocessors, certificates and assessments."""
    service = app.service()
    v = service.get_vendor(ref)
    subs = service.subprocessors(v.id)
    certs = service.list_certificates(vendor=v.id)
    assessments = service.list_assessments(vendor=v.id)
    events = service.vendor_events(v.id)
    if as_json:
        emit_json(
            {
                "vendor": v,
                "subprocessors": subs,
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
        ("Parent", v.parent_name),
        ("Regions", ", ".join(v.regions)),
        ("Data access", v.data_access.value),
        ("Criticality", v.criticality.value),
        ("Scopes", ", ".join(v.scopes)),
        ("Status", v.status.value),
        ("DPA signed", v.dpa_signed_on),
        ("Owner", v.owner),
        ("Website", v.website),
    ]
    table(["FIELD", "VALUE"], [[k, val] for k, val in fields])
    if subs:
        echo("\nSubprocessors:")
        table(
            ["ID", "NAME", "KIND", "STATUS"],
            [[s.id, s.name, s.kind.value, s.status.value] for s in subs],
        )
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
@click.option("--standard", type=_choice(CertificateStandard), required=True)
@click.option(
    "--expires",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Expiry; for a SOC report, default period end + 12 months.",
)
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]))
@click.option(
    "--period-end", type=click.DateTime(["%Y-%m-%d"]), help="End of a SOC report's period."
)
@click.option("--issuer", help="Certification body or auditor.")
@click.option("--scope")
@click.option(
    "--evidence",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The certificate or report file to store with it.",
)
@json_option
@pass_app
def cert_add(
    app: AppContext,
    as_json: bool,
    vendor_ref: str,
    standard: str,
    expires: Any,
    issued: Any,
    period_end: Any,
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
        expires_on=_date(expires),
        issued_on=_date(issued),
        period_end=_date(period_end),
        issuer=issuer,
        scope=scope,
        evidence_path=evidence,
    )
    if as_json:
        emit_json(created)
    else:
        echo(
            f"Added certificate #{created.id} {created.standard} for {created.vendor_name}"
            f", expires {created.expires_on}"
        )


@cert.command("list")
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@click.option("--expiring", "window", type=Window(), help="Only those expiring within 60d, 8w, 3m.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Pretend today is DATE.")
@json_option
@pass_app
def cert_list(
    app: AppContext,
    as_json: bool,
    vendor_ref: str | None,
    window: tuple[int, str] | None,
    as_of: Any,
) -> None:
    """List certificates, soonest expiry first (expired ones included)."""
    day = as_of.date() if as_of is not None else date.today()
    until = day + timedelta(days=window_days(window, day)) if window else None
    certs = app.service().list_certificates(vendor=vendor_ref, expiring_by=until)
    if as_json:
        emit_json(certs)
        return
    table(
        ["ID", "VENDOR", "STANDARD", "ISSUER", "EXPIRES", "DAYS"],
        [[c.id, c.vendor_name, c.standard, c.issuer, c.expires_on, (c.expires_on - day).days]
         for c in certs],
    )  # fmt: skip


def _date(value: Any) -> date | None:
    return value.date() if value is not None else None
