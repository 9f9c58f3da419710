"""The roll-up as labelled tables (``bureau.reports.tables.Section``): the same shape the
monthly report's PDF, CSV and XLSX writers render.

Columns: the label, the oblast, then each bureau side by side. Built inside
``use_locale(...)``: every code is named in the reader's language from the
roll-up's catalogue, whatever the language of the bureau that sent it. Text
values (a bureau's name, a date) are ``Text``, which the spreadsheet writers
type as text (a name in a package can never run as a formula).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bureau.domain import AgeBand, EventKind, Gender, HelpLevel, SignalStatus
from bureau.i18n import N_, _, format_date, format_number, ngettext, pgettext
from bureau.pdf.dates import long_moment
from bureau.reports.disclosure import Masked, any_secondary, secondary_note
from bureau.reports.formatting import COUNT, TEXT
from bureau.reports.tables import KEY_FIGURES, Column, Row, Section, catalogue_label, enum_label
from bureau.rollup.combine import CATALOGUES, ENUMS, SPECIAL_KEYS, Rollup, known_codes
from bureau.rollup.package import POOLED
from bureau.rollup.suppress import TOTAL, Cell, cells, public_cells

TOP_SERVICES = 10
MSG_POOLED = N_("Several, fewer than 5 each in a bureau")


@dataclass(frozen=True)
class Text(Masked):
    """Text in a figures table (a name, a date): written as text, never as a number."""


def _columns(rollup: Rollup, first: str) -> list[Column]:
    return [Column(first, TEXT), Column(_("Oblast"), COUNT),
            *(Column(b.heading, COUNT) for b in rollup.bureaus)]


class _Grid:
    """The roll-up's cells, with the public version's withheld ones as masks."""

    def __init__(self, rollup: Rollup, public: bool) -> None:
        self.rollup = rollup
        if public:
            self.values, self.masked = public_cells(rollup)
        else:
            self.values, self.masked = cells(rollup), {}
        self.columns = [TOTAL, *range(len(rollup.bureaus))]

    def row(self, figure: str, key: str | None) -> list[Any]:
        return [self.masked.get((figure, key, c), self.values.get((figure, key, c), 0))
                for c in self.columns]

    def hidden(self, cells_: list[Cell]) -> bool:
        return any_secondary([[self.masked.get(c) for c in cells_ if c in self.masked]])


def code_label(rollup: Rollup, figure: str, code: str) -> str:
    """A code as the reader calls it; a code the catalogue does not know stays a code."""
    if code == POOLED:
        return _(MSG_POOLED)
    if figure in ENUMS:
        return enum_label(ENUMS[figure], code)
    if figure in CATALOGUES:
        label = catalogue_label(getattr(rollup.names, CATALOGUES[figure]), code)
        known = known_codes(rollup.names, figure) or set()
        return label if code in known or code in SPECIAL_KEYS else f"{code} \u2020"
    return code or _("Not recorded")


def _average(grid: _Grid, column: int) -> Any:
    figures = grid.rollup.total if column == TOTAL else grid.rollup.bureaus[column].figures
    ratings = figures["satisfaction_ratings"]
    if not ratings:
        return None
    if grid.masked and (ratings < 5 or ("satisfaction_ratings", None, column) in grid.masked):
        return Masked("\u2013")
    return round(figures["satisfaction_total"] / ratings, 1)


TIMELINESS = (
    ("signals_answered", N_("Signals answered")),
    ("signals_answered_in_time", N_("signals answered by their deadline")),
    ("signals_open_overdue", N_("Signals still open after their deadline")),
)


def key_figures(grid: _Grid) -> Section:
    rows = [Row(_(label), grid.row(name, None), indent=indent)
            for name, label, indent in KEY_FIGURES]
    rows += [Row(_(label), grid.row(name, None), indent=name == "signals_answered_in_time")
             for name, label in TIMELINESS]
    rows.append(Row(_("Average satisfaction (1 to 5)"), [_average(grid, c) for c in grid.columns]))
    section = Section("key_figures", _("Key figures"), _columns(grid.rollup, _("Figure")), rows)
    if grid.masked and grid.hidden([(n, None, c) for n, _l, _i in KEY_FIGURES for c in grid.columns]):
        section.notes.append(secondary_note())
    return section


def breakdown(grid: _Grid, figure: str, key: str, title: str, header: str, *,
              total: tuple[str, str] | None = None, chart: str | None = None,
              order: list[str] | None = None, limit: int | None = None) -> Section:
    """One figure's rows (oblast first, then each bureau); ``total``: (whole, label)."""
    codes = list(grid.rollup.total[figure])
    if order is not None:
        codes = [c for c in order if c in codes] + [c for c in codes if c not in order]
    codes = [c for c in codes if c != POOLED] + [c for c in codes if c == POOLED]
    if limit is not None:
        codes = codes[:limit]
    rows = [Row(code_label(grid.rollup, figure, code), grid.row(figure, code)) for code in codes]
    if total is not None and codes:
        rows.append(Row(_(total[1]), grid.row(total[0], None), total=True))
    section = Section(key, title, _columns(grid.rollup, header), rows, chart=chart)
    shown = [(figure, code, c) for code in codes for c in grid.columns]
    if total is not None:
        shown += [(total[0], None, c) for c in grid.columns]
    if grid.masked and grid.hidden(shown):
        section.notes.append(secondary_note())
    if any(code not in (known_codes(grid.rollup.names, figure) or codes)
           and code not in SPECIAL_KEYS for code in codes):
        section.notes.append(_("\u2020 a code not in this catalogue (see \u201cCodes not in "
                               "this catalogue\u201d)."))
    return section


def _ordered(enum) -> list[str]:  # noqa: ANN001 - an enum with an UNKNOWN member last
    return [m.value for m in enum if m.value != "unknown"] + ["unknown"]


SECTIONS: tuple[tuple[str, str, str, str, tuple[str, str] | None, str | None,
                      Callable[[], list[str]] | None], ...] = (
    ("by_category", "categories", N_("Issues by topic"), N_("Topic"),
     ("issues", N_("All issues")), "hbar", None),
    ("by_help_level", "help_levels", N_("Level of help"), N_("Level of help"),
     ("contacts", N_("All contacts")), None, lambda: [m.value for m in HelpLevel]),
    ("by_channel", "channels", N_("Contacts by channel"), N_("Channel"),
     ("contacts", N_("All contacts")), "pie", None),
    ("by_outcome", "outcomes", N_("Outcome of the consultations"), N_("Outcome"),
     ("contacts", N_("All contacts")), "hbar", None),
    ("by_settlement", "settlements", N_("People by settlement"), N_("Settlement"),
     ("named_people", N_("All named citizens")), None, None),
    ("by_age_band", "age_bands", N_("People by age"), N_("Age band"),
     ("named_people", N_("All named citizens")), None, lambda: _ordered(AgeBand)),
    ("by_gender", "genders", N_("People by gender"), N_("Gender"),
     ("named_people", N_("All named citizens")), None, lambda: _ordered(Gender)),
    ("signals_by_unit", "signal_units", N_("Signals received by municipal unit"), N_("Unit"),
     ("signals", N_("All signals")), "hbar", None),
    ("signals_by_area", "signal_areas", N_("Signals received by area of activity"),
     N_("Area of activity"), ("signals", N_("All signals")), "hbar", None),
    ("signals_by_status", "signal_status", N_("Signals by status"), N_("Status"),
     ("signals", N_("All signals")), None, lambda: [m.value for m in SignalStatus]),
    ("events_by_kind", "events", N_("Events by kind"), N_("Kind of event"),
     ("events", N_("All events")), None, lambda: [m.value for m in EventKind]),
)


def bureaus_section(rollup: Rollup) -> Section:
    """Who sent what, when: one row per bureau."""
    columns = [Column(pgettext("table column", "Bureau"), TEXT), Column(_("Language"), TEXT),
               Column(_("Package made"), TEXT), Column(_("Sent"), TEXT), Column(_("Id"), TEXT)]
    rows = []
    for b in rollup.bureaus:
        state = _("after the deadline") if b.late else _("on time")
        if not b.complete:
            state += " \u00b7 " + _("to date")
        label = f"{b.heading} \u2014 {b.name}" if b.heading != b.name else b.name
        rows.append(Row(label, [Text(b.language), Text(long_moment(
            b.generated_at.replace(tzinfo=None))), Text(state), Text(b.id[:8])]))
    section = Section("bureaus", _("Bureaus in this roll-up"), columns, rows)
    section.notes.append(_("Deadline for the packages: {date}.").format(
        date=format_date(rollup.deadline, "long")))
    pooled = [b.heading for b in rollup.bureaus if b.signals_pooled]
    if pooled:
        section.notes.append(_("Signals by unit and by area with fewer than 5 in a bureau are "
                               "counted together in the packages of: {bureaus}.").format(
            bureaus=", ".join(pooled)))
    return section


def missing_section(rollup: Rollup) -> Section | None:
    """Missing, late and unexpected bureaus; None when there is nothing to say."""
    rows = [Row(name or ident, [Text(_("no package")), Text(ident[:8])])
            for ident, name in rollup.missing]
    rows += [Row(b.heading, [Text(_("package made after the deadline ({date})").format(
        date=format_date(rollup.deadline, "long"))), Text(b.id[:8])])
             for b in rollup.bureaus if b.late]
    rows += [Row(b.heading, [Text(_("not in the list of expected bureaus")), Text(b.id[:8])])
             for b in rollup.unexpected]
    if not rows:
        return None
    columns = [Column(pgettext("table column", "Bureau"), TEXT),
               Column(_("What is wrong"), TEXT), Column(_("Id"), TEXT)]
    return Section("missing", _("Missing or late bureaus"), columns, rows)


def unknown_section(grid: _Grid) -> Section | None:
    rollup = grid.rollup
    if not rollup.unknown:
        return None
    titles = {figure: _(title) for figure, _key, title, *_rest in SECTIONS}
    titles["by_service"] = _("Municipal services")
    rows = [Row(f"{code} ({titles.get(figure, figure)})", grid.row(figure, code))
            for figure, code in rollup.unknown]
    section = Section("unknown_codes", _("Codes not in this catalogue"),
                      _columns(rollup, _("Code")), rows)
    section.notes.append(_("Counted in the totals above, under their own code: map them to "
                           "this catalogue's codes in the bureau that sent them."))
    return section


def contacts_by_bureau(grid: _Grid) -> Section:
    rows = [Row(b.heading, [grid.masked.get(("contacts", None, i), b.figures["contacts"])])
            for i, b in enumerate(grid.rollup.bureaus)]
    return Section("contacts_by_bureau", _("Contacts by bureau"),
                   [Column(pgettext("table column", "Bureau"), TEXT), Column(_("Contacts"), COUNT)], rows, chart="hbar")


def rollup_sections(rollup: Rollup, public: bool) -> list[Section]:
    """Every table of the roll-up in reading order; call inside ``use_locale``."""
    grid = _Grid(rollup, public)
    sections = [bureaus_section(rollup), key_figures(grid), contacts_by_bureau(grid)]
    for figure, key, title, header, total, chart, order in SECTIONS:
        sections.append(breakdown(grid, figure, key, _(title), _(header),
                                  total=(total[0], total[1]) if total else None, chart=chart,
                                  order=order() if order else None))
        if figure == "by_category":
            sections.append(breakdown(
                grid, "by_service", "services",
                _("Most asked-about municipal services (top 10)"), _("Service"),
                limit=TOP_SERVICES))
    for extra in (unknown_section(grid), missing_section(rollup)):
        if extra is not None:
            sections.append(extra)
    return sections


def rollup_title() -> str:
    return _("Oblast roll-up of the bureaus' figures")


def header_lines(rollup: Rollup, public: bool) -> list[str]:
    """Title, period, who is in it, when it was made: atop every spreadsheet."""
    lines = [rollup_title(), rollup.period.label(),
             ngettext("{count} bureau", "{count} bureaus", len(rollup.bureaus)).format(
                 count=len(rollup.bureaus))]
    if public:
        lines.append(_("Public version: no personal data; numbers below 5 are shown as "
                       "\u201c<5\u201d."))
    lines.append(_("Generated on {date}").format(
        date=long_moment(rollup.generated_at.replace(tzinfo=None))))
    return lines


def summary_sentences(rollup: Rollup, public: bool) -> list[str]:
    """The roll-up in a few sentences; a count below 5 is left out of the public version."""
    total, count = rollup.total, len(rollup.bureaus)
    sentences = [ngettext("{count} bureau sent its figures for {period}.",
                          "{count} bureaus sent their figures for {period}.", count).format(
        count=format_number(count), period=rollup.period.label())]
    def shown(value: int) -> bool:
        return value > 0 and not (public and value < 5)

    if shown(total["contacts"]):
        sentences.append(ngettext("Together they had {count} contact with citizens.",
                                  "Together they had {count} contacts with citizens.",
                                  total["contacts"]).format(count=format_number(total["contacts"])))
    if shown(total["issues"]):
        sentences.append(ngettext("Citizens raised {count} issue.", "Citizens raised {count} issues.",
                                  total["issues"]).format(count=format_number(total["issues"])))
    if shown(total["signals"]):
        sentences.append(ngettext(
            "{count} signal of corruption or abuse was received.",
            "{count} signals of corruption or abuse were received.",
            total["signals"]).format(count=format_number(total["signals"])))
    if rollup.missing:
        sentences.append(ngettext(
            "{count} expected bureau sent no package.", "{count} expected bureaus sent no package.",
            len(rollup.missing)).format(count=format_number(len(rollup.missing))))
    late = sum(1 for b in rollup.bureaus if b.late)
    if late:
        sentences.append(ngettext(
            "{count} package was made after the deadline.",
            "{count} packages were made after the deadline.", late).format(
            count=format_number(late)))
    if rollup.unknown:
        sentences.append(ngettext(
            "{count} code is not in this catalogue; it is counted and listed at the end.",
            "{count} codes are not in this catalogue; they are counted and listed at the end.",
            len(rollup.unknown)).format(count=format_number(len(rollup.unknown))))
    return sentences
