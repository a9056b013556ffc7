"""``report`` commands: assurance reports (SOC 2, ISO 27001, PCI AoC …), what they say,
and the practitioner's checklist over them (issue 12)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vendor_review.cli.app import (
    DATE,
    FILE,
    AppContext,
    choice,
    date_of,
    echo,
    emit_json,
    json_option,
    pass_app,
    table,
)
from vendor_review.cli.report_suggest import register as register_suggestions
from vendor_review.domain.assurance import Opinion, ReportType, SubserviceMethod

if TYPE_CHECKING:
    from vendor_review.service import dto


def _criteria(value: str | None) -> list[str]:
    return [c for c in (value or "").split(",") if c.strip()]


@click.group()
def report() -> None:
    """Assurance reports: SOC 1/2/3, ISO 27001/27701/22301, PCI AoC, pentests; their
    exceptions, subservice organisations, user-entity controls and bridge letters; the
    review that turns them into findings."""


@report.command("add")
@click.argument("vendor_ref", metavar="VENDOR")
@click.option("--type", "kind", type=choice(ReportType), required=True, help="Report type.")
@click.option("--auditor", required=True, help="Audit firm or certification body.")
@click.option("--period-start", type=DATE, help="SOC: first day of the period.")
@click.option("--period-end", type=DATE, help="SOC: last day of the period.")
@click.option("--issued", type=DATE, help="ISO/PCI: issue date.")
@click.option("--expires", type=DATE, help="ISO/PCI: expiry date.")
@click.option("--opinion", type=choice(Opinion), help="Auditor's opinion / certificate status.")
@click.option("--scope", help="Scope as the report states it.")
@click.option("--criteria", help="SOC 2 trust services criteria: security,availability,…")
@click.option("--services", help="Services the report covers.")
@click.option("--sites", help="Sites (data centres, offices) the report covers.")
@click.option("--certificate-number")
@click.option("--accreditation-body", help="ISO: the certification body's accreditor.")
@click.option("--file", "file", type=FILE, help="The report file, stored as evidence.")
@json_option
@pass_app
def report_add(
    app: AppContext,
    as_json: bool,
    vendor_ref: str,
    kind: str,
    auditor: str,
    period_start: datetime | None,
    period_end: datetime | None,
    issued: datetime | None,
    expires: datetime | None,
    opinion: str | None,
    scope: str | None,
    criteria: str | None,
    services: str | None,
    sites: str | None,
    certificate_number: str | None,
    accreditation_body: str | None,
    file: Path | None,
) -> None:
    """Record a report for VENDOR; prints its id."""
    created = app.service().add_report(
        vendor_ref,
        ReportType(kind.lower()),
        auditor=auditor,
        period_start=date_of(period_start),
        period_end=date_of(period_end),
        issued_on=date_of(issued),
        expires_on=date_of(expires),
        opinion=Opinion(opinion.lower()) if opinion else None,
        scope=scope,
        criteria=_criteria(criteria),
        services=services,
        sites=sites,
        certificate_number=certificate_number,
        accreditation_body=accreditation_body,
        evidence_path=file,
    )
    if as_json:
        emit_json(created)
    else:
        echo(created.id)


@report.command("list")
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@json_option
@pass_app
def report_list(app: AppContext, as_json: bool, vendor_ref: str | None) -> None:
    """The register: each vendor's reports, newest first."""
    from vendor_review.service.report_list import ReportListOps

    reports = app.ops(ReportListOps).list_reports(vendor=vendor_ref)
    if as_json:
        emit_json(reports)
        return
    table(
        ["ID", "VENDOR", "REPORT", "AUDITOR", "PERIOD/ISSUED", "OPINION", "CURRENT TO",
         "EXC", "CARVE", "OPEN CUECS"],
        [[r.id, r.vendor_name, r.label, r.auditor, _when(r), r.opinion, r.currency_end,
          r.exceptions, r.carve_outs, r.open_obligations] for r in reports],
    )  # fmt: skip


def _when(r: dto.Report) -> str:
    if r.period_end is not None:
        start = r.period_start.isoformat() if r.period_start else "?"
        return f"{start}..{r.period_end.isoformat()}"
    if r.issued_on is not None:
        return f"issued {r.issued_on.isoformat()}"
    return "-"


@report.command("show")
@click.argument("report_id", metavar="ID", type=int)
@json_option
@pass_app
def report_show(app: AppContext, as_json: bool, report_id: int) -> None:
    """A report with its exceptions, subservice organisations, user-entity controls,
    bridge letters and open findings."""
    detail = app.service().get_report(report_id)
    r = detail.report
    if as_json:
        emit_json(detail)
        return
    echo(f"Report #{r.id}: {r.label} for {r.vendor_name}")
    for name, value in (
        ("Auditor", r.auditor),
        ("Accreditation", r.accreditation_body),
        ("Period", f"{r.period_start or '?'} to {r.period_end}" if r.period_end else None),
        ("Issued", r.issued_on),
        ("Expires", r.expires_on),
        ("Opinion", r.opinion.value if r.opinion else "not recorded"),
        ("Scope", r.scope),
        ("Criteria", ", ".join(r.criteria) or None),
        ("Services", r.services),
        ("Sites", r.sites),
        ("Certificate no.", r.certificate_number),
        ("Covers our use", {True: "yes", False: "no", None: "not answered"}[r.covers_our_service]),
        ("Current until", r.currency_end),
        ("Bridged through", r.bridged_through),
        ("Evidence", f"#{r.evidence_id}" if r.evidence_id else None),
    ):
        if value is not None:
            echo(f"  {name + ':':<17}{value}")
    if detail.exceptions:
        echo("\nExceptions:")
        table(["ID", "CONTROL", "DESCRIPTION", "RESPONSE"],
              [[e.id, e.control, e.description, e.response]
               for e in detail.exceptions])  # fmt: skip
    if detail.subservices:
        echo("\nSubservice organisations:")
        table(["ID", "NAME", "METHOD", "VENDOR", "PURPOSE"],
              [[x.id, x.name, x.method.value, _vendor_cell(x), x.purpose]
               for x in detail.subservices])  # fmt: skip
    if detail.obligations:
        echo("\nUser-entity controls (our obligations):")
        table(["ID", "CONTROL", "STATUS", "OWNER", "DESCRIPTION"],
              [[o.id, o.control, o.status.value, o.owner, o.description]
               for o in detail.obligations])  # fmt: skip
    if detail.bridges:
        echo("\nBridge letters:")
        table(["ID", "THROUGH", "EVIDENCE"],
              [[b.id, b.through, f"#{b.evidence_id}" if b.evidence_id else None]
               for b in detail.bridges])  # fmt: skip
    if detail.findings:
        echo("\nOpen findings:")
        table(["ID", "SEVERITY", "TEXT"],
              [[f.id, f.severity.value, f.text] for f in detail.findings])  # fmt: skip


def _vendor_cell(x: dto.ReportSubserviceRow) -> str:
    if x.vendor_id is None:
        return "-"
    return f"#{x.vendor_id} {x.vendor_name}" + (" (new, untriaged)" if x.created_candidate else "")


def _control_entry(name: str, example: str) -> Callable[[Callable[..., None]], click.Command]:
    """A ``report`` command recording one control's entry on report ID (--control,
    --description, then the command's own options)."""

    def make(f: Callable[..., None]) -> click.Command:
        command = click.option("--description", required=True)(pass_app(f))
        example_help = f"Control reference, e.g. {example}."
        command = click.option("--control", required=True, help=example_help)(command)
        command = click.argument("report_id", metavar="ID", type=int)(command)
        return report.command(name)(command)

    return make


@_control_entry("exception", "CC6.1")
@click.option("--response", help="Management's response, if the report gives one.")
def report_exception(
    app: AppContext, report_id: int, control: str, description: str, response: str | None
) -> None:
    """Record an exception the auditor found in testing a control."""
    row = app.service().add_report_exception(
        report_id, control=control, description=description, response=response
    )
    echo(f"Added exception #{row.id} ({row.control}) to report #{row.report_id}")


@report.command("subservice")
@click.argument("report_id", metavar="ID", type=int)
@click.argument("name")
@click.option("--method", type=choice(SubserviceMethod), required=True)
@click.option("--purpose", help="What the organisation does for the vendor.")
@pass_app
def report_subservice(
    app: AppContext, report_id: int, name: str, method: str, purpose: str | None
) -> None:
    """Record a subservice organisation the report names: it becomes the vendor's
    subprocessor (a new untriaged vendor when none has that name)."""
    row = app.service().add_report_subservice(
        report_id, name, method=SubserviceMethod(method.lower()), purpose=purpose
    )
    how = "new untriaged vendor" if row.created_candidate else "existing vendor"
    echo(
        f"Added subservice #{row.id} {row.name} ({row.method.value}) to report "
        f"#{row.report_id}: subprocessor #{row.vendor_id} {row.vendor_name} ({how})"
    )


@_control_entry("cuec", "CUEC-3")
@click.option("--owner", help="Who on our side runs it.")
def report_cuec(
    app: AppContext, report_id: int, owner: str | None, control: str, description: str
) -> None:
    """Record a complementary user-entity control: one of our obligations."""
    row = app.service().add_report_cuec(
        report_id, control=control, description=description, owner=owner
    )
    echo(
        f"Added obligation #{row.id} ({row.control}) from report #{row.report_id}, "
        f"owner {row.owner or 'none yet'}"
    )


@report.command("bridge")
@click.argument("report_id", metavar="ID", type=int)
@click.option("--through", type=DATE, required=True, help="Last day the letter covers.")
@click.option("--file", "file", type=FILE, help="The bridge letter, stored as evidence.")
@pass_app
def report_bridge(app: AppContext, report_id: int, through: datetime, file: Path | None) -> None:
    """Record a bridge (gap) letter covering from the period's end through a date."""
    row = app.service().add_report_bridge(report_id, through=through.date(), evidence_path=file)
    echo(f"Added bridge letter #{row.id} to report #{row.report_id}, through {row.through}")


@report.command("coverage")
@click.argument("report_id", metavar="ID", type=int)
@click.option("--covers", type=click.Choice(["yes", "no"]), required=True)
@pass_app
def report_coverage(app: AppContext, report_id: int, covers: str) -> None:
    """Answer whether the report covers the service and sites we use."""
    r = app.service().set_report_coverage(report_id, covers == "yes")
    echo(f"Report #{r.id}: covers our service: {covers}")


@report.command("review")
@click.argument("report_id", metavar="ID", type=int)
@json_option
@pass_app
def report_review(app: AppContext, as_json: bool, report_id: int) -> None:
    """Run the checklist over the report: failed rules become the vendor's findings,
    findings whose cause went are closed."""
    review = app.service().review_report(report_id)
    if as_json:
        emit_json(review)
        return
    r = review.report
    echo(f"Review of report #{r.id}: {r.label} for {r.vendor_name}")
    table(
        ["RULE", "RESULT", "SEVERITY", "FINDING", "TEXT"],
        [[i.rule, "pass" if i.passed else "FAIL", i.severity.value if i.severity else None,
          f"#{i.finding_id}" if i.finding_id else None, i.text] for i in review.items],
    )  # fmt: skip
    if review.closed:
        echo("Closed findings: " + ", ".join(f"#{i}" for i in review.closed))


register_suggestions(report)  # report suggest; report add --file F.pdf without --type/--auditor
