"""A story on paper: the document template with its metadata and numbered footers.

    pdf = render(story, A4_DOCUMENT, title=..., author=..., locale="bg",
                 footer=["Meeting of 10 December 2026 · generated on ..."],
                 page_pattern=_("Page {page} of {pages}"))

Every document gets its PDF metadata (title, author = the bureau, subject =
the municipality, language) and starts in the house font, so the file lists
no font but the embedded DejaVu subsets.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from bureau.i18n import N_
from bureau.pdf.canvas import numbered_canvas
from bureau.pdf.fonts import REGULAR, register_fonts
from bureau.pdf.paper import MM, Geometry

PAGE_PATTERN = N_("Page {page} of {pages}")


def _template(buffer: io.BytesIO, geo: Geometry, height: float, *, title: str, author: str,
              subject: str, locale: str) -> BaseDocTemplate:
    margin = geo.margin_mm * MM
    bottom = margin + geo.footer_mm * MM
    frame = Frame(margin, bottom, geo.frame_width, height - margin - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    return BaseDocTemplate(
        buffer, pagesize=(geo.width_mm * MM, height), pageTemplates=[PageTemplate("page", [frame])],
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=bottom,
        title=title, author=author, subject=subject, creator="Bureau", lang=locale,
        # Otherwise every page starts in Helvetica, and the PDF lists that font too.
        initialFontName=REGULAR,
    )


def render_counted(story: list[Flowable], geo: Geometry, *, title: str, author: str,
                   locale: str, subject: str = "", footer: Sequence[str] = (),
                   page_pattern: str = "", number_single_page: bool = True, marking: str = "",
                   rule: bool = False, first_page_footer: Sequence[str] | None = None,
                   height: float | None = None) -> tuple[bytes, int]:
    """(PDF bytes, number of pages). ``height`` in points overrides the paper's (a roll).

    A roll, or a document with neither footer nor page pattern, gets a plain
    canvas; otherwise the house's numbered canvas (see ``numbered_canvas``).
    Raises reportlab's ``LayoutError`` only for a single flowable larger than a
    page that cannot split (the house's own flowables all split).
    """
    register_fonts()
    buffer = io.BytesIO()
    page_height = height if height is not None else (geo.height_mm or 0) * MM
    doc = _template(buffer, geo, page_height, title=title, author=author, subject=subject,
                    locale=locale)
    if geo.roll or not (footer or page_pattern):
        doc.build(story)
    else:
        doc.build(story, canvasmaker=numbered_canvas(
            geo, footer, page_pattern, number_single_page=number_single_page, marking=marking,
            rule=rule, first_page_footer=first_page_footer))
    return buffer.getvalue(), doc.page


def render(story: list[Flowable], geo: Geometry, **options) -> bytes:
    """The story as PDF bytes; the options are ``render_counted``'s."""
    return render_counted(story, geo, **options)[0]
