"""The house type: colours, paragraph styles, escaping, headings and tables.

Every style names the bundled DejaVu faces (also ``bulletFontName``, whose
default is Helvetica). Headings are kept with what follows them; tables may
split inside a row, so a cell taller than a page continues on the next one
instead of raising reportlab's ``LayoutError``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from bureau.i18n import get_locale
from bureau.pdf.dates import keep_dates_whole
from bureau.pdf.fonts import BOLD, REGULAR, register_fonts
from bureau.pdf.paper import Geometry

INK = colors.black
MUTED = colors.HexColor("#4a4a4a")  # dark enough for older eyes and cheap printers
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")
ACCENT = colors.HexColor("#2f5d8a")
GRID = colors.HexColor("#d5dbe3")
# A heading needs room for itself and this many lines of what follows, or it
# moves to the next page: a heading alone at a page's foot reads as a gap.
LINES_AFTER_HEADING = 3
# Rows of a table kept together on either side of a page break (no orphan or widow row).
ROWS_TOGETHER = 2
# pyphen's dictionaries (LibreOffice's hyphenation patterns) by UI language.
HYPHENATION = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}
SOFT_HYPHEN = "\u00ad"
# Shorter words fit any column the house lays out; hyphenating them costs time.
# A word joined to the next or previous by a no-break space belongs to a unit that
# must stay whole on its line (a long date: "1 сентября 2025 г."), so it is left as it is.
_LONG_WORD = re.compile(r"(?<![\w\u00a0])[^\W\d_]{8,}(?![\w\u00a0])")


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language)


def hyphenate(value: str) -> str:
    """Soft hyphens (U+00AD) at the syllable breaks of every long word, by the rules of
    its script's language: Cyrillic words by the current locale's (Bulgarian in an
    English document), Latin words by English patterns (a bureau or a street named in
    Latin letters). reportlab breaks a line at a soft hyphen and prints a hyphen
    there; unbroken, it prints nothing."""
    locale = get_locale()
    cyrillic = HYPHENATION.get(locale, HYPHENATION["bg"]) if locale != "en" else HYPHENATION["bg"]

    def soft(match: re.Match[str]) -> str:
        word = match[0]
        language = HYPHENATION["en"] if word.isascii() else cyrillic
        return _hyphenator(language).inserted(word, hyphen=SOFT_HYPHEN)

    return _LONG_WORD.sub(soft, value)


def text(value: str) -> str:
    """Text as Paragraph markup: escaped, hyphenatable, line breaks kept, tabs as spaces.

    CLDR's narrow no-break space ("2025\u202fг.") becomes a no-break space:
    reportlab breaks lines at U+202F but not at U+00A0, and "г." must not
    start a line. Every date in the text is kept whole the same way
    (``keep_dates_whole``), whoever formatted it.
    """
    value = keep_dates_whole(value.replace("\r\n", "\n").replace("\t", " "))
    value = value.replace("\u202f", "\u00a0")
    return escape(hyphenate(value)).replace("\n", "<br/>")


def paragraph_styles(size: float) -> dict[str, ParagraphStyle]:
    """The house styles for body type of ``size`` points (slips 9-11, documents 10.5).

    Made once per size and shared (a warm slip should not build twenty styles again):
    callers derive new styles from these and never change them.
    """
    register_fonts()
    return dict(_paragraph_styles(size))


@cache
def _paragraph_styles(size: float) -> dict[str, ParagraphStyle]:
    # A word too long for its line (a double-barrelled name in a narrow column)
    # breaks at a syllable with a hyphen (``text`` puts soft hyphens there), or at
    # its own hyphen; e-mail addresses and links break at their punctuation.
    body = ParagraphStyle("body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=size,
                          leading=size * 1.3, textColor=INK, embeddedHyphenation=1,
                          uriWasteReduce=0.3)
    bold = ParagraphStyle("bold", body, fontName=BOLD)
    styles = {
        "body": body,
        "bureau": ParagraphStyle("bureau", bold, fontSize=size * 1.35, leading=size * 1.65),
        "muted": ParagraphStyle("muted", body, textColor=MUTED),
        "title": ParagraphStyle("title", bold, fontSize=size * 1.15, leading=size * 1.5,
                                spaceBefore=size * 0.6),
        "doc_title": ParagraphStyle("doc_title", bold, fontSize=size * 1.5, leading=size * 1.9,
                                    spaceBefore=size * 0.8, spaceAfter=size * 0.4),
        "label": ParagraphStyle("label", body, fontSize=size * 0.85, leading=size * 1.15,
                                textColor=MUTED, keepWithNext=1),
        "reference": ParagraphStyle("reference", bold, fontSize=size * 2.4, leading=size * 2.8),
        "heading": ParagraphStyle("heading", bold, spaceBefore=size * 0.9, spaceAfter=size * 0.2,
                                  keepWithNext=1),
        "section": ParagraphStyle("section", bold, fontSize=size * 1.4, leading=size * 1.8,
                                  textColor=ACCENT, spaceBefore=size * 1.4, spaceAfter=size * 0.6,
                                  keepWithNext=1),
        "copy": ParagraphStyle("copy", bold, spaceBefore=size * 0.4),
        "small": ParagraphStyle("small", body, fontSize=size * 0.8, leading=size * 1.05,
                                textColor=MUTED),
        "cell": ParagraphStyle("cell", body, fontSize=size * 0.85, leading=size * 1.05),
    }
    styles["cell_bold"] = ParagraphStyle("cell_bold", styles["cell"], fontName=BOLD)
    styles["cell_indent"] = ParagraphStyle("cell_indent", styles["cell"], leftIndent=size * 1.2)
    styles["cell_right"] = ParagraphStyle("cell_right", styles["cell"], alignment=TA_RIGHT)
    styles["cell_head"] = ParagraphStyle("cell_head", styles["cell_bold"])
    styles["cell_head_right"] = ParagraphStyle("cell_head_right", styles["cell_bold"],
                                               alignment=TA_RIGHT)
    return styles


def house_styles(geo: Geometry) -> dict[str, ParagraphStyle]:
    """``paragraph_styles`` at the body size of a paper format."""
    return paragraph_styles(geo.body_pt)


def centred(styles: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    """The same styles, centred (the receipt roll)."""
    return {name: ParagraphStyle(f"{name}-c", style, alignment=TA_CENTER)
            for name, style in styles.items()}


class _RoomForRows(CondPageBreak):
    """A conditional page break asking for ``base`` points plus the first rows of
    ``table`` (its repeated header and ``ROWS_TOGETHER`` rows), measured at the frame's
    width when the break is laid out."""

    def __init__(self, base: float, table: Table) -> None:
        super().__init__(base)
        self._base, self._table = base, table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._table.wrap(availWidth, 1e6)
        repeat = self._table.repeatRows
        head = repeat if isinstance(repeat, int) else max(repeat) + 1
        self.height = self._base + sum(self._table._rowHeights[:head + ROWS_TOGETHER])
        return super().wrap(availWidth, availHeight)


def heading(title: str, style: ParagraphStyle, body: ParagraphStyle | None = None, *,
            table: Table | None = None) -> list[Flowable]:
    """A heading that never stays alone at a page's foot.

    ``keepWithNext`` keeps it with the next flowable; the conditional break
    also asks for room for a few lines of ``body`` (default: the heading's own
    leading), because a paragraph longer than a page is split in place and
    could otherwise leave the heading with no line under it. A heading over a
    ``table`` asks instead for room for the table's first ``ROWS_TOGETHER`` rows.
    """
    own = style.spaceBefore + style.leading * 2 + style.spaceAfter
    if table is not None:
        return [_RoomForRows(own, table), Paragraph(text(title), style)]
    lines = (body or style).leading * LINES_AFTER_HEADING
    return [CondPageBreak(own + lines), Paragraph(text(title), style)]


def table_style(*commands: tuple) -> TableStyle:
    """A table style that starts from the house font (a cell's default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands])


class KeptTable(Table):
    """A table that leaves at least ``ROWS_TOGETHER`` of its rows at a page's foot and
    carries at least as many to the next page (after its repeated header): a single
    row alone at the foot, or alone on the next page, reads as a stray line.

    reportlab's ``rowSplitRange`` says between which rows a split may fall; the parts
    reportlab makes of a split table are built with this class again, so every part
    keeps the rule. A table that cannot keep it even at the top of a page (a row taller
    than the page) splits where it can, as any table would.
    """

    _rowSplitRange: tuple[int, int] | None  # reportlab's, between which rows a split may fall
    _kept_range: tuple[int, int] | None

    def __init__(self, data, *args, **kwargs) -> None:  # noqa: ANN001 (reportlab's signature)
        if kwargs.get("rowSplitRange") is None and data:
            repeat = kwargs.get("repeatRows") or 0
            head = repeat if isinstance(repeat, int) else max(repeat) + 1
            rows = len(data)
            # Too few rows to leave enough on both sides: the table moves whole (a range
            # past its last row; reportlab's own negative bounds would not stop there).
            kwargs["rowSplitRange"] = ((head + ROWS_TOGETHER, rows - ROWS_TOGETHER)
                                       if rows >= head + 2 * ROWS_TOGETHER else (rows, rows))
        super().__init__(data, *args, **kwargs)
        self._kept_range = self._rowSplitRange

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        if not parts and self._rowSplitRange is not None and _at_frame_top(self):
            self._rowSplitRange = None  # a whole page cannot keep the rule: split as reportlab would
            parts = super().split(availWidth, availHeight)
            self._rowSplitRange = self._kept_range
        for part in parts:  # reportlab shifts the range of a part with a repeated header
            if isinstance(part, KeptTable):
                part._rowSplitRange = part._kept_range
        return parts


def _at_frame_top(flowable: Flowable) -> bool:
    """Whether the frame being filled is still empty (set by reportlab while splitting)."""
    template = getattr(getattr(flowable, "canv", None), "_doctemplate", None)
    frame = getattr(template, "frame", None)
    return bool(getattr(frame, "_atTop", True))


def split_table(data: list[list], widths: list[float], style: TableStyle, *,
                repeat_rows: int = 0, align: str = "LEFT") -> Table:
    """A table whose rows may split across pages (``splitInRow``): a 4,000-character
    question in one cell continues on the next page instead of raising ``LayoutError``;
    never with fewer than ``ROWS_TOGETHER`` rows on either side of the split (``KeptTable``)."""
    return KeptTable(data, colWidths=widths, style=style, repeatRows=repeat_rows, hAlign=align,
                     splitInRow=1)


def details(rows: Sequence[tuple[str, list[Flowable] | str]], width: float,
            styles: dict[str, ParagraphStyle], label_share: float = 0.3) -> Table:
    """Label and value pairs under one another, ruled; values may be of any length."""
    label_width = label_share * width
    data = [[Paragraph(text(label), styles["muted"]),
             Paragraph(text(value), styles["body"]) if isinstance(value, str) else value]
            for label, value in rows]
    return split_table(data, [label_width, width - label_width],
                       table_style(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                                   ("RIGHTPADDING", (0, 0), (0, -1), 6)))
