"""What the commission and signals documents share: paper, type, letterhead, footer.

The small documents a citizen takes home (decision letter, signal receipt) use
the slip's geometry and styles so that all the bureau's papers look alike; the
agenda and the council's analysis are A4 documents with the same type. The
footer (with "Page X of Y") comes from the slip's canvas.
"""

from __future__ import annotations

import datetime as dt
import io

import sqlite_utils
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.flowables import HRFlowable

from bureau.database.settings import get_settings
from bureau.i18n import N_, _, format_date
from bureau.slips import slip_format
from bureau.slips.content import DEFAULT_BUREAU_NAME, bureau_contacts
from bureau.slips.fonts import REGULAR, register_fonts
from bureau.slips.formats import GEOMETRY, Geometry, SlipFormat
from bureau.slips.layout import FOOTER_MM, INK, RULE, footed_canvas, slip_styles, table_style, text

# A4 documents read at a meeting table: a little smaller than the A4 slip's
# 11 pt, which is meant for a citizen reading a single page.
A4_DOCUMENT = Geometry(210, 297, 18, 10.5, 0)
PAGE_PATTERN = N_("Page {page} of {pages}")


def sheet_geometry(db: sqlite_utils.Database, fmt: SlipFormat | str | None) -> Geometry:
    """A5 or A4 as asked, else the bureau's slip setting; a receipt roll becomes A5.

    A letter or a receipt is kept in a folder, so it needs a sheet, not a roll.
    """
    chosen = slip_format(db, fmt)
    return GEOMETRY[SlipFormat.A5 if chosen is SlipFormat.RECEIPT else chosen]


def styles(geo: Geometry) -> dict[str, ParagraphStyle]:
    register_fonts()
    st = slip_styles(geo)
    size = geo.body_pt
    st["doc_title"] = ParagraphStyle("doc_title", st["body"], fontName=st["bureau"].fontName,
                                     fontSize=size * 1.5, leading=size * 1.9,
                                     spaceBefore=size * 0.8, spaceAfter=size * 0.4)
    st["cell"] = ParagraphStyle("cell", st["body"])
    st["cell_right"] = ParagraphStyle("cell_right", st["body"], alignment=2)
    st["cell_head"] = ParagraphStyle("cell_head", st["body"], fontName=st["bureau"].fontName)
    st["cell_head_right"] = ParagraphStyle("cell_head_right", st["cell_head"], alignment=2)
    return st


def bureau_name(settings: dict[str, str]) -> str:
    return settings["bureau_name"].strip() or _(DEFAULT_BUREAU_NAME)


def letterhead(db: sqlite_utils.Database, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Bureau, municipality and contacts, as on the bureau's other papers."""
    settings = get_settings(db)
    story: list[Flowable] = [Paragraph(text(bureau_name(settings)), st["bureau"])]
    if settings["municipality"].strip():
        story.append(Paragraph(text(settings["municipality"].strip()), st["muted"]))
    story += contact_line(db, st)
    story.append(HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=2 * mm,
                            spaceAfter=1 * mm))
    return story


def contact_line(db: sqlite_utils.Database, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    contacts = bureau_contacts(get_settings(db))
    if not contacts:
        return []
    items = [f"<b>{text(label)}:</b> {text(value)}" for label, value in contacts]
    return [Paragraph("\u00a0\u00a0\u00b7 ".join(items), st["small"])]


def details(rows: list[tuple[str, list[Flowable] | str]], width: float,
            st: dict[str, ParagraphStyle], label_share: float = 0.3) -> Table:
    """Label and value pairs under one another, ruled like the slip's details."""
    label_width = label_share * width
    data = [[Paragraph(text(label), st["muted"]),
             Paragraph(text(value), st["body"]) if isinstance(value, str) else value]
            for label, value in rows]
    return Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT",
                 style=table_style(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4)))


def long_date(day: dt.date | str | None) -> str:
    if not day:
        return "\u2014"
    return format_date(dt.date.fromisoformat(day) if isinstance(day, str) else day, "long")


def generated_footer(document: str, now: dt.datetime | None = None) -> str:
    return _("{document} \u00b7 generated on {date}").format(
        document=document, date=long_date((now or dt.datetime.now()).date()))


def frame_width(geo: Geometry) -> float:
    return (geo.width_mm - 2 * geo.margin_mm) * mm


def render(story: list[Flowable], geo: Geometry, *, title: str, author: str, locale: str,
           footer: str, number_single_page: bool = True) -> bytes:
    """The story as PDF bytes, every page footed with ``footer`` and "Page X of Y".

    A citizen's one-page paper leaves out "Page 1 of 1", as the slip does.
    """
    register_fonts()
    margin = geo.margin_mm * mm
    bottom = margin + FOOTER_MM * mm
    height = geo.height_mm * mm
    frame = Frame(margin, bottom, frame_width(geo), height - margin - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=(geo.width_mm * mm, height),
        pageTemplates=[PageTemplate("document", [frame])],
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=bottom,
        title=title, author=author, creator="Bureau", lang=locale, initialFontName=REGULAR,
    )
    doc.build(story, canvasmaker=footed_canvas(footer, _(PAGE_PATTERN), geo,
                                               number_single_page=number_single_page))
    return buffer.getvalue()
