"""The report as labelled tables: one shape that the PDF, the CSV and the XLSX all render.

Built inside ``use_locale(...)``, so headers and labels are in the document's
language. Values stay numbers (int counts, float fractions for shares and
changes) or ``Masked`` for what the public version withholds; each renderer
formats them its own way (Babel in the PDF, plain numbers in spreadsheets).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bureau.domain import AgeBand, Channel, EventKind, Gender, HelpLevel, Outcome
from bureau.i18n import N_, _, format_date, format_month, get_locale, ngettext
from bureau.pdf.dates import long_moment
from bureau.reports.disclosure import (
    Count,
    Masked,
    any_secondary,
    mask_column,
    mask_value,
    secondary_note,
)
from bureau.reports.figures import NOT_RECORDED, ActivityReport, PeriodFigures
from bureau.reports.formatting import CHANGE, COUNT, SHARE, TEXT

TOP_SERVICES = 10


@dataclass
class Column:
    header: str
    kind: str


@dataclass
class Row:
    label: str
    values: list  # one per column after the label: int, float, Masked or None
    total: bool = False
    indent: bool = False


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    chart: str | None = None  # "hbar", "pie", "line"

    @property
    def is_empty(self) -> bool:
        return not any(not row.total for row in self.rows)


def _comparison_columns(first: str, report: ActivityReport, *, share: bool,
                        share_header: str | None = None) -> list[Column]:
    """Headed by the periods themselves ('октомври 2026', 'септември 2026', 'октомври 2025')."""
    columns = [Column(first, TEXT), Column(report.period.label(), COUNT)]
    if share:
        columns.append(Column(share_header or _("Share"), SHARE))
    columns += [
        Column(report.previous.period.label(), COUNT),
        Column(_("Change"), CHANGE),
        Column(report.year_before.period.label(), COUNT),
        Column(_("Change"), CHANGE),
    ]
    return columns


def change(now: Count | None, before: Count | None) -> float | None:
    """Relative change, or None when it would mean nothing or reveal a withheld count."""
    if not isinstance(now, int) or not isinstance(before, int) or before == 0:
        return None
    return (now - before) / before


def share(part: Count | None, whole: int) -> float | None:
    if not isinstance(part, int) or whole <= 0:
        return None
    return part / whole


def _comparison_rows(labels: list[str], columns: list[list[int] | None], public: bool, *,
                     complete: bool, with_share: bool, whole: int) -> tuple[list[Row], bool]:
    """``None`` for a period before the bureau kept records: shown as a dash, not as zeros."""
    masked = [mask_column(values, public, complete=complete) if values is not None
              else [None] * len(labels) for values in columns]
    rows = []
    for index, label in enumerate(labels):
        now, before, year = (column[index] for column in masked)
        values: list[Count | float | None] = [now]
        if with_share:
            values.append(share(now, whole))
        values += [before, change(now, before), year, change(now, year)]
        rows.append(Row(label, values))
    return rows, any_secondary(masked)


def _periods(report: ActivityReport) -> list[PeriodFigures | None]:
    return [report.current] + [fig if report.comparable(fig.period) else None
                               for fig in (report.previous, report.year_before)]


def breakdown(key: str, title: str, first_header: str, report: ActivityReport, attribute: str,
              label_of, public: bool, *, complete: bool = True, limit: int | None = None,
              chart: str | None = None, total_label: str | None = None,
              order: list | None = None, share_header: str | None = None) -> Section:
    """Rows for every key present in any of the three periods, largest now first
    (or in ``order``, for ordered scales such as age bands).

    ``limit`` keeps the first rows, and every row tied with the last one kept:
    cutting through a tie would pick one of equals at random; a note says so.
    """
    periods = _periods(report)
    dicts = [getattr(fig, attribute) if fig else {} for fig in periods]
    keys = list(dicts[0])
    keys += [k for d in dicts[1:] for k in d if k not in keys and d[k]]
    keys = [k for k in keys if any(d.get(k) for d in dicts)]
    if order is not None:
        keys = [k for k in order if k in keys] + [k for k in keys if k not in order]
    whole = sum(dicts[0].values())
    if attribute == "by_service":
        whole = report.current.issues  # a service's share of all issues raised
    tied = 0
    if limit is not None and len(keys) > limit:
        last = dicts[0].get(keys[limit - 1], 0)
        kept = keys[:limit] + [k for k in keys[limit:] if last and dicts[0].get(k, 0) == last]
        tied, keys = len(kept) - limit, kept
    columns = [[d.get(k, 0) for k in keys] if fig else None for d, fig in zip(dicts, periods, strict=True)]
    rows, hidden = _comparison_rows([label_of(k) for k in keys], columns, public,
                                    complete=complete, with_share=True, whole=whole)
    if total_label and keys:
        now, before, year = (mask_value(sum(d.values()), public) if fig else None
                             for d, fig in zip(dicts, periods, strict=True))
        rows.append(Row(total_label, [now, 1.0 if whole and isinstance(now, int) else None,
                                      before, change(now, before), year, change(now, year)],
                        total=True))
    section = Section(key, title, _comparison_columns(first_header, report, share=True,
                                                      share_header=share_header), rows,
                      chart=chart)
    if tied:
        section.notes.append(ngettext(
            "{count} more row has as many as the last of the first {limit}, so it is shown too.",
            "{count} more rows have as many as the last of the first {limit}, so they are shown "
            "too.", tied).format(count=tied, limit=limit))
    if hidden:
        section.notes.append(secondary_note())
    return section


def enum_label(enum_type, code: str) -> str:
    if code == NOT_RECORDED:
        return _("Not recorded")
    try:
        return enum_type(code).label()
    except ValueError:
        return code


def catalogue_label(names: dict[str, dict[str, str]], code: str) -> str:
    if code == NOT_RECORDED:
        return _("Not recorded")
    entry = names.get(code)
    if not entry:
        return code
    return entry.get(get_locale()) or entry.get("bg") or code


KEY_FIGURES = (
    ("contacts", N_("Contacts (consultations)"), False),
    ("people", N_("People helped"), False),
    ("new_people", N_("new citizens"), True),
    ("returning_people", N_("returning citizens"), True),
    ("anonymous_visits", N_("anonymous visits"), True),
    ("issues", N_("Issues raised"), False),
    ("referrals_made", N_("Referrals to the commission made"), False),
    ("referrals_decided", N_("Referrals decided by the commission"), False),
    ("referrals_overdue", N_("Referrals overdue at the end of the period"), False),
    ("signals", N_("Signals received"), False),
    ("events", N_("Events held"), False),
    ("event_participants", N_("Event participants"), False),
    ("satisfaction_ratings", N_("Satisfaction ratings given"), False),
)


def key_figures(report: ActivityReport, public: bool) -> Section:
    periods = _periods(report)
    rows = []
    for attribute, label, indent in KEY_FIGURES:
        now, before, year = (mask_value(getattr(fig, attribute), public) if fig else None
                             for fig in periods)
        rows.append(Row(_(label), [now, before, change(now, before), year, change(now, year)],
                        indent=indent))
    averages = [_average(fig, public) if fig else None for fig in periods]
    rows.append(Row(_("Average satisfaction (1 to 5)"),
                    [averages[0], averages[1], None, averages[2], None]))
    columns = _comparison_columns(_("Figure"), report, share=False)
    return Section("key_figures", _("Key figures"), columns, rows)


def _average(fig: PeriodFigures, public: bool) -> float | Masked | None:
    if fig.satisfaction_average is None:
        return None
    if public and fig.satisfaction_ratings < 5:
        return Masked("\u2013")  # an average of one to four ratings shows those ratings
    # One decimal, as the summary says it: "4,2" in both, never "4,16" beside "4,2".
    return round(fig.satisfaction_average, 1)


def trend(report: ActivityReport, public: bool) -> Section:
    rows = [Row(format_month(month), [mask_value(count, public)]) for month, count in report.trend]
    section = Section("trend", _("Contacts in the last 12 months"),
                      [Column(_("Month"), TEXT), Column(_("Contacts"), COUNT)], rows, chart="line")
    if any(count is None for _month, count in report.trend):
        section.notes.append(_("\u201c\u2013\u201d and a gap in the line: a month before the "
                               "bureau's first record, with no data (not zero)."))
    return section


def _drop_unknown_periods(section: Section, report: ActivityReport) -> None:
    """Leave out the comparison columns of a period before the bureau's first record."""
    offset = 1 if any(column.kind == SHARE for column in section.columns) else 0
    drop: set[int] = set()
    for position, fig in enumerate((report.previous, report.year_before)):
        if not report.comparable(fig.period):
            drop |= {offset + 1 + 2 * position, offset + 2 + 2 * position}
    if not drop:
        return
    section.columns = [c for i, c in enumerate(section.columns) if i == 0 or i - 1 not in drop]
    for row in section.rows:
        row.values = [value for i, value in enumerate(row.values) if i not in drop]


def unknown_periods_note(report: ActivityReport) -> str | None:
    """Why a comparison is missing: the period is not over, or the other period was
    not recorded in full ("no comparable data", with the reason)."""
    if report.to_date:
        return _("The period is not over yet: the figures run to {date}, so they are not "
                 "compared with earlier periods.").format(
            date=format_date(report.generated_at.date(), "long"))
    unknown = [fig.period.label() for fig in (report.previous, report.year_before)
               if not report.has_records_for(fig.period)]
    if not unknown or report.records_since is None:
        return None
    return _("The records begin on {date}, so there is nothing to compare with for {periods}.") \
        .format(date=format_date(report.records_since, "long"), periods=", ".join(unknown))


def build_sections(report: ActivityReport, public: bool) -> list[Section]:
    """Every table of the report, in reading order; call inside ``use_locale``."""
    sections = _sections(report, public)
    for section in sections:
        if section.key != "trend":
            _drop_unknown_periods(section, report)
    note = unknown_periods_note(report)
    if note:
        sections[0].notes.append(note)
    return sections


def _sections(report: ActivityReport, public: bool) -> list[Section]:
    names = report.names
    sections = [key_figures(report, public)]
    sections.append(breakdown(
        "categories", _("Issues by topic"), _("Topic"), report, "by_category",
        lambda code: catalogue_label(names.categories, code), public,
        chart="hbar", total_label=_("All issues")))
    sections.append(breakdown(
        "services", _("Most asked-about municipal services (top 10)"), _("Service"), report,
        "by_service", lambda code: catalogue_label(names.services, code), public,
        complete=False, limit=TOP_SERVICES, share_header=_("Share of all issues")))
    sections.append(breakdown(
        "help_levels", _("Level of help"), _("Level of help"), report, "by_help_level",
        lambda code: enum_label(HelpLevel, code), public, total_label=_("All contacts"),
        order=[level.value for level in HelpLevel]))
    sections.append(breakdown(
        "channels", _("Contacts by channel"), _("Channel"), report, "by_channel",
        lambda code: enum_label(Channel, code), public, chart="pie",
        total_label=_("All contacts")))
    sections.append(breakdown(
        "outcomes", _("Outcome of the consultations"), _("Outcome"), report, "by_outcome",
        lambda code: enum_label(Outcome, code), public, chart="hbar",
        total_label=_("All contacts")))
    if not public:
        # The public version leaves out the volunteers' workload (personal data).
        sections.append(breakdown(
            "advisors", _("Consultations by advisor"), _("Advisor"), report, "by_advisor",
            lambda advisor_id: names.advisors.get(advisor_id, str(advisor_id)), public,
            total_label=_("All contacts")))
    people_note = _("Named citizens, each counted once; anonymous visitors are not included.")
    # Ordered scales keep their order; "not stated" comes last.
    ages = [band.value for band in AgeBand if band != AgeBand.UNKNOWN] + [AgeBand.UNKNOWN.value]
    genders = [g.value for g in Gender if g != Gender.UNKNOWN] + [Gender.UNKNOWN.value]
    for key, title, header, attribute, label_of, order in (
        ("settlements", _("People by settlement"), _("Settlement"), "by_settlement",
         lambda text: text or _("Not recorded"), None),
        ("age_bands", _("People by age"), _("Age band"), "by_age_band",
         lambda code: enum_label(AgeBand, code), ages),
        ("genders", _("People by gender"), _("Gender"), "by_gender",
         lambda code: enum_label(Gender, code), genders),
    ):
        section = breakdown(key, title, header, report, attribute, label_of, public,
                            total_label=_("All named citizens"), order=order)
        section.notes.insert(0, people_note)
        sections.append(section)
    sections.append(breakdown(
        "signal_units", _("Signals received by municipal unit"), _("Unit"), report,
        "signals_by_unit", lambda code: catalogue_label(names.units, code), public,
        total_label=_("All signals")))
    sections.append(breakdown(
        "signal_areas", _("Signals received by area of activity"), _("Area of activity"), report,
        "signals_by_area", lambda code: catalogue_label(names.areas, code), public,
        total_label=_("All signals")))
    sections.append(breakdown(
        "events", _("Events by kind"), _("Kind of event"), report, "events_by_kind",
        lambda code: enum_label(EventKind, code), public, total_label=_("All events")))
    sections.append(trend(report, public))
    return sections


def report_title(report: ActivityReport) -> str:
    if report.period.is_whole_months and report.period.month_count == 1:
        return _("Monthly activity report")
    return _("Activity report")


def period_label(report: ActivityReport) -> str:
    """'октомври 2026', or 'ноември 2026 (to date: 20 ноември 2026 г.)' while it runs."""
    if not report.to_date:
        return report.period.label()
    return _("{period} (to date: {date})").format(
        period=report.period.label(), date=format_date(report.generated_at.date(), "long"))


def header_lines(report: ActivityReport, public: bool) -> list[str]:
    """Who, what and when, atop every spreadsheet (the PDF has its cover)."""
    lines = [report.settings.get("bureau_name", ""), report.settings.get("municipality", ""),
             f"{report_title(report)}: {period_label(report)}"]
    if public:
        lines.append(_("Public version: no personal data; numbers below 5 are shown as \u201c<5\u201d."))
    lines.append(_("Generated on {date}").format(date=long_moment(report.generated_at)))
    return [line for line in lines if line]
