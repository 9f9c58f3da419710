"""The recovery sheet: one A4 page for the mayor's safe with the signals register's
recovery key in readable groups and as a QR code, the bureau, the date and what
the key is for.

    pdf = recovery_sheet_pdf(db, "ABCD-EFGH-...", locale="bg")

The key is checked against the register first (``keys.check_recovery_key``), so
a mistyped key is never printed as if it were the right one. The sheet is built
in memory and handed to the caller: nothing of it is written unless the officer
saves it (the desk's preview prints it; the CLI writes the file it is given).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from bureau.database.settings import get_settings
from bureau.i18n import N_, _, get_locale, ngettext, use_locale
from bureau.pdf.clock import document_now
from bureau.pdf.dates import long_date
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.identity import bureau_name
from bureau.pdf.letterhead import letterhead, qr_code
from bureau.pdf.paper import A4_DOCUMENT, MM
from bureau.pdf.styles import INK, RULE, heading, house_styles, table_style, text
from bureau.trust import keys

GROUPS_PER_LINE = 5
KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # base32, RFC 4648
CELL_RIGHT_PADDING = 6  # points: reportlab's default, left as it is by table_style
QR_MM = 48
TITLE = N_("Recovery key of the signals register")
MARKING = N_("Strictly confidential: for the mayor's safe")


def key_groups(recovery_key: str) -> list[str]:
    """The key's groups of four as printed ("ABCD", "EFGH", ...); ``BureauError`` when
    the text cannot be a recovery key."""
    return keys.format_recovery_key(keys.parse_recovery_key(recovery_key)).split("-")


def key_font_size(font: str, largest: float, cell_width: float) -> float:
    """The key's font size in points: ``largest``, or less so that four of the widest
    characters of the alphabet fit in a cell ``cell_width`` points wide: a group must
    never wrap inside itself ("WMT / W" was printed once in 200 keys)."""
    widest = max(stringWidth(ch * 4, font, 1) for ch in KEY_ALPHABET)
    return min(largest, (cell_width - CELL_RIGHT_PADDING) / widest)


def _key_grid(groups: list[str], style: ParagraphStyle, width: float) -> Table:
    """The groups in rows of ``GROUPS_PER_LINE``, one cell each, so they read and count
    like the lines of a form."""
    rows = [groups[i:i + GROUPS_PER_LINE] for i in range(0, len(groups), GROUPS_PER_LINE)]
    data = [[Paragraph(text(group), style) for group in row]
            + [""] * (GROUPS_PER_LINE - len(row)) for row in rows]
    return Table(data, colWidths=[width / GROUPS_PER_LINE] * GROUPS_PER_LINE, hAlign="LEFT",
                 style=table_style(("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)))


def _instructions(bureau: str) -> list[tuple[str, str]]:
    return [
        (_("What it is"), _(
            "This key opens the confidential register of corruption signals of {bureau} when "
            "no signals officer's password can. The signals are stored encrypted; besides the "
            "officers' own passwords, this key is the only way to read them.").format(
                bureau=bureau)),
        (_("When to use it"), _(
            "When a signals officer's password was reset by an administrator, or forgotten "
            "with no other officer to reset it; when a new signals officer must be given "
            "access and no officer with access can sign in.")),
        (_("How to use it"), _(
            "The signals officer signs in at the desk and chooses Signals \u203a Use the "
            "recovery key\u2026 (or runs: bureau-cli --user LOGIN signals-recover "
            "--recovery-key-file FILE) and types the key as printed or scans the QR code. "
            "Spaces, dashes and capital or small letters do not matter. The key has only "
            "the letters A\u2013Z and the digits 2\u20137 (no 0, 1, 8 or 9).")),
        (_("How to keep it"), _(
            "In a sealed envelope in the mayor's safe. Do not photograph or scan it and do "
            "not send it by e-mail: whoever has this key and a copy of the database can read "
            "every signal. If it is lost while signals officers can still sign in, nothing "
            "is lost yet, but there is no way back if their passwords are lost too.")),
    ]


def render_recovery_sheet(db: sqlite_utils.Database, recovery_key: str, *,
                          now: dt.datetime | None = None) -> bytes:
    """The sheet in the current locale (call inside ``use_locale``). Raises ``BureauError``
    (``keys.MSG_BAD_RECOVERY``) when ``recovery_key`` is not this register's."""
    keys.check_recovery_key(db, recovery_key)
    settings = get_settings(db)
    geo = A4_DOCUMENT
    st = house_styles(geo)
    width = geo.frame_width
    made = long_date(document_now(now).date())
    story: list[Flowable] = letterhead(settings, st, width)
    story += [Paragraph(text(_(TITLE)), st["doc_title"]),
              Paragraph(text(_("Made on {date}").format(date=made)), st["muted"]),
              Spacer(1, 4 * MM)]
    qr, groups = QR_MM * MM, key_groups(recovery_key)
    grid_width = width - qr - 8 * MM
    size = key_font_size(st["reference"].fontName, geo.body_pt * 1.5,
                         grid_width / GROUPS_PER_LINE)
    key_style = ParagraphStyle("recovery_key", st["reference"], fontSize=size,
                               leading=geo.body_pt * 2.3)
    left = [Paragraph(text(_("Recovery key")), st["label"]), _key_grid(groups, key_style, grid_width),
            Spacer(1, 2 * MM),
            Paragraph(text(ngettext("{count} group of four characters.",
                                    "{count} groups of four characters.",
                                    len(groups)).format(count=len(groups))), st["small"])]
    story.append(Table([[left, qr_code("-".join(groups), qr)]], colWidths=[width - qr, qr],
        style=table_style(("BOX", (0, 0), (-1, -1), 1.2, INK),
                          ("LEFTPADDING", (0, 0), (0, -1), 4 * MM),
                          ("TOPPADDING", (0, 0), (-1, -1), 3 * MM),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * MM),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"))))
    bureau = bureau_name(settings)
    for title, body in _instructions(bureau):
        story += [*heading(title, st["heading"], st["body"]), Paragraph(text(body), st["body"])]
    signature = [Spacer(1, 8 * MM), HRFlowable(width="100%", thickness=0.6, color=RULE),
                 Paragraph(text(_("Placed in the safe by (name, signature, date):")),
                           st["small"]), Spacer(1, 12 * MM),
                 HRFlowable(width="100%", thickness=0.6, color=RULE)]
    story.append(KeepTogether(signature))
    return render(story, geo, title=_(TITLE), author=bureau,
                  subject=settings.get("municipality", ""), locale=get_locale(),
                  footer=[_("{document} \u00b7 made on {date}").format(document=_(TITLE),
                                                                        date=made)],
                  page_pattern=_(PAGE_PATTERN), number_single_page=False, marking=_(MARKING))


def recovery_sheet_pdf(db: sqlite_utils.Database, recovery_key: str, *,
                       locale: str | None = None, now: dt.datetime | None = None) -> bytes:
    """The recovery sheet as PDF bytes in ``locale`` (None: the UI's language).

    Raises ``BureauError`` when the key is not this register's (nothing is made).
    """
    with use_locale(locale):
        return render_recovery_sheet(db, recovery_key, now=now)
