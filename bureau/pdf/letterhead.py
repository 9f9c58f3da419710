"""The bureau's heading on its papers: letterhead, contacts, the number to quote.

    story = letterhead(settings, styles, width)               # agenda, analysis
    story = reference_header(settings, geo, styles, title=..., label=..., number=..., hint=...)

Slips, decision letters and signal receipts open with the same reference
header (bureau, title, the number in large type and its QR code), so every
paper a citizen takes home looks alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCode
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from bureau.pdf.fonts import BOLD, REGULAR
from bureau.pdf.identity import bureau_contacts, bureau_name
from bureau.pdf.paper import MM, Geometry
from bureau.pdf.styles import INK, table_style, text
from bureau.pdf.titles import FittedTitle

SEPARATOR = "\u2002\u00b7\u2002"  # en spaces around a middle dot, only ever between two items
NBSP = "\u00a0"


@dataclass(frozen=True)
class _Item:
    markup: str
    width: float


def contact_lines(contacts: Sequence[tuple[str, str]], width: float, style) -> list[Flowable]:
    """The contacts as lines of "Label: value" items packed side by side.

    A separator stands only between two items on one line, never at a line's
    end or start, and a label ("Работно време:") never breaks inside: its
    spaces are non-breaking. An item longer than the line wraps on its own.
    """
    items = []
    for label, value in contacts:
        head = f"{label}:".replace(" ", NBSP)
        measured = (stringWidth(head + " ", BOLD, style.fontSize)
                    + stringWidth(value, REGULAR, style.fontSize))
        items.append(_Item(f"<b>{text(head)}</b> {text(value)}", measured))
    gap = stringWidth(SEPARATOR, REGULAR, style.fontSize)
    lines: list[list[_Item]] = []
    used = 0.0
    for item in items:
        if lines and used + gap + item.width <= width:
            lines[-1].append(item)
            used += gap + item.width
        else:
            lines.append([item])
            used = item.width
    return [Paragraph(SEPARATOR.join(i.markup for i in line), style) for line in lines]


def letterhead(settings: dict[str, str], styles: dict, width: float) -> list[Flowable]:
    """Bureau, municipality and contacts under one another, closed by a rule."""
    story: list[Flowable] = [FittedTitle(bureau_name(settings), styles["bureau"])]
    if (settings.get("municipality") or "").strip():
        story.append(Paragraph(text(settings["municipality"].strip()), styles["muted"]))
    story += contact_lines(bureau_contacts(settings), width, styles["small"])
    story.append(HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=2 * MM,
                            spaceAfter=1 * MM))
    return story


def qr_code(reference: str, size: float) -> Flowable:
    """The reference number as a QR code ``size`` points square.

    reportlab's QrCode flowable paints the modules straight onto the canvas
    (the QrCodeWidget drawing built ~1,200 checked shapes, half a warm slip's
    time) and draws no text, so no standard (unembedded) font is referenced.
    """
    return QrCode(reference, width=size, height=size, qrBorder=2, qrLevel="M")


def reference_header(settings: dict[str, str], geo: Geometry, styles: dict, *, title: str,
                     label: str, number: str, hint: str,
                     extra: Sequence[Flowable] = ()) -> list[Flowable]:
    """Bureau, municipality, title and the number to quote, its QR code on the right,
    closed by a rule. ``extra`` goes under the number (a slip's "COPY" note)."""
    width, qr = geo.frame_width, geo.qr_mm * MM
    left: list[Flowable] = [FittedTitle(bureau_name(settings), styles["bureau"])]
    if (settings.get("municipality") or "").strip():
        left.append(Paragraph(text(settings["municipality"].strip()), styles["muted"]))
    left += [FittedTitle(title, styles["title"]), Paragraph(text(label), styles["label"]),
             FittedTitle(number, styles["reference"]), Paragraph(text(hint), styles["label"]),
             *extra]
    table = Table([[left, qr_code(number, qr)]], colWidths=[width - qr, qr],
                  style=table_style(("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return [table, Spacer(1, 3 * MM), HRFlowable(width="100%", thickness=1.2, color=INK)]
