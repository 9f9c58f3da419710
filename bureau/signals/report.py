"""Where signals of corruption and abuse concentrate: the analysis for the municipal
anti-corruption council (A4).

Built only from ``analyse_signals``, which returns counts by municipal unit,
activity area and month: no submitter, no description and no signal number
can reach this document, so it needs no access to the confidential register.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from bureau.database.settings import get_settings
from bureau.documents.base import generated_footer
from bureau.domain import BureauError
from bureau.i18n import N_, _, format_date, format_number, format_percent, get_locale
from bureau.pdf.charts import horizontal_bars, monthly_bars
from bureau.pdf.clock import document_now, document_today
from bureau.pdf.dates import long_date
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.identity import bureau_name
from bureau.pdf.letterhead import letterhead
from bureau.pdf.paper import A4_DOCUMENT
from bureau.pdf.styles import RULE, SHADE, details, house_styles, split_table, table_style, text
from bureau.pdf.titles import FittedTitle
from bureau.signals.analysis import SignalAnalysis, analyse_signals

MSG_BACKWARDS = N_("The period ends ({end}) before it starts ({start}).")


def _months(analysis: SignalAnalysis) -> list[dt.date]:
    """Every month of the period, also those without a signal: a trend needs its zeros."""
    month, last = analysis.start.replace(day=1), analysis.end.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _share(count: int, total: int) -> str:
    return format_percent(count / total) if total else "\u2014"


def _count_table(title: str, rows: list[tuple[str, int]], total: int, st: dict,
                 width: float) -> Table:
    number_width = 24 * mm
    data = [[Paragraph(text(title), st["cell_head"]),
             Paragraph(text(_("Signals")), st["cell_head_right"]),
             Paragraph(text(_("Share")), st["cell_head_right"])]]
    data += [[Paragraph(text(name), st["cell"]),
              Paragraph(format_number(count), st["cell_right"]),
              Paragraph(_share(count, total), st["cell_right"])] for name, count in rows]
    data.append([Paragraph(text(_("Total")), st["cell_head"]),
                 Paragraph(format_number(total), st["cell_head_right"]),
                 Paragraph(_share(total, total), st["cell_head_right"])])
    style = table_style(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 3),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3))
    return split_table(data, [width - 2 * number_width, number_width, number_width], style,
                       repeat_rows=1)


def _key_figures(analysis: SignalAnalysis, st: dict, width: float) -> Table:
    unanswered = analysis.total - analysis.answered
    in_time = analysis.share_in_time
    rows = [
        (_("Signals received"), format_number(analysis.total)),
        (_("Answered or closed"), format_number(analysis.answered)),
        (_("Answered within the deadline"), "\u2014" if in_time is None else
         _("{count} of {answered} ({share})").format(
             count=format_number(analysis.answered_in_time),
             answered=format_number(analysis.answered), share=format_percent(in_time))),
        (_("Not answered yet"), format_number(unanswered)),
        (_("Still open after the deadline"), format_number(analysis.open_overdue)),
    ]
    return details(rows, width, st, 0.45)


def _breakdown(title: str, column: str, rows: list[tuple[str, int]], total: int, st: dict,
               width: float) -> list[Flowable]:
    # The chart with its heading and the exact table under it, kept on one page
    # when they fit on one: a chart never stands on a page without its table.
    # Longer than a page, the table continues on the next (its header repeats).
    return [KeepTogether([Paragraph(text(title), st["heading"]), horizontal_bars(rows, width),
                          Spacer(1, 2 * mm), _count_table(column, rows, total, st, width)])]


def _by_month(analysis: SignalAnalysis, st: dict, width: float) -> list[Flowable]:
    counts = dict(analysis.by_month)
    monthly = [(month, counts.get(month.strftime("%Y-%m"), 0)) for month in _months(analysis)]
    # The counts stand at the bars; a table of months would only repeat them.
    return [KeepTogether([Paragraph(text(_("By month")), st["heading"]),
                          monthly_bars(monthly, width)])]


def signals_report_story(db: sqlite_utils.Database, start: dt.date, end: dt.date,
                         today: dt.date | None = None, *,
                         small_counts_hidden: bool = True) -> tuple[list[Flowable], str]:
    st = house_styles(A4_DOCUMENT)
    width = A4_DOCUMENT.frame_width
    today = document_today(today)
    analysis = analyse_signals(db, start, end, today=today,  # names in the document's language
                               small_counts_hidden=small_counts_hidden)
    title = _("Signals of corruption and abuse: {start} \u2013 {end}").format(
        start=long_date(start), end=long_date(end))
    story: list[Flowable] = letterhead(get_settings(db), st, width)
    story += [
        FittedTitle(title, st["doc_title"]),
        Paragraph(text(_("Analysis for the municipal anti-corruption council")), st["muted"]),
        Spacer(1, 2 * mm),
        Paragraph(text(_("Counts only: the report names municipal units and areas of activity, "
                         "never the people who submitted signals nor what the signals say. "
                         "Each signal counts under the unit and area of its latest revision; "
                         "\u201cafter the deadline\u201d means on {date}, the day the report "
                         "was made.").format(
            date=long_date(document_today(today)))), st["small"]),
        Paragraph(text(_("Key figures")), st["heading"]),
        _key_figures(analysis, st, width),
    ]
    if not analysis.total:
        story += [Spacer(1, 4 * mm),
                  Paragraph(text(_("No signals were received in this period.")), st["body"])]
        return story, title
    # The trend first, under the key figures: it always fits on the first page,
    # where at the end it could be left alone on a page of its own.
    story += _by_month(analysis, st, width)
    story += _breakdown(_("By municipal unit"), _("Municipal unit"), analysis.by_unit,
                        analysis.total, st, width)
    story += _breakdown(_("By area of activity"), _("Area of activity"), analysis.by_area,
                        analysis.total, st, width)
    return story, title


def render_signals_report(db: sqlite_utils.Database, start: dt.date, end: dt.date, *,
                          today: dt.date | None = None, now: dt.datetime | None = None,
                          small_counts_hidden: bool = True) -> bytes:
    """Call inside ``use_locale(...)``: the analysis in that language.

    ``small_counts_hidden`` (the default, False only for a signals officer):
    units and areas with fewer than 5 signals are counted together.

    Raises ``BureauError`` when ``end`` is before ``start``.
    """
    if end < start:
        raise BureauError(MSG_BACKWARDS, start=long_date(start), end=long_date(end))
    # One moment for the whole document: the footer's date and "after the deadline"'s day
    # (a given day, without a moment, dates the footer too).
    if now is None and today is not None:
        now = dt.datetime.combine(today, dt.time())
    now = document_now(now)
    today = today or now.date()
    story, title = signals_report_story(db, start, end, today,
                                        small_counts_hidden=small_counts_hidden)
    footer = generated_footer(_("Signals {start} \u2013 {end}").format(
        start=format_date(start, "medium"), end=format_date(end, "medium")), now)
    settings = get_settings(db)
    return render(story, A4_DOCUMENT, title=title, author=bureau_name(settings),
                  subject=settings.get("municipality", ""), locale=get_locale(), footer=[footer],
                  page_pattern=_(PAGE_PATTERN))
