"""slip: write a consultation's slip as a PDF file."""

from __future__ import annotations

import argparse

from bureau.i18n import _, get_locale
from bureau.trust.access import Operation


def cmd_slip(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.slips import write_slip

    db = open_db(args)
    account = args.account  # --user: the print is recorded under that account
    # --locale (or BUREAU_LOCALE, LANG) already chose the messages' language;
    # the document follows it.
    slip = write_slip(db, args.reference.strip(), args.out,
                      locale=getattr(args, "locale", None) or get_locale(), fmt=args.format,
                      printed_by=account.id)
    print(_("Slip {reference} written to {path}.").format(reference=slip.reference,
                                                          path=args.out))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "slip", parents=[common], help=_("write a consultation's slip as a PDF"),
        description=_("Write the slip of a consultation (by its reference number) as a PDF "
                      "file, in the language given by --locale. The slip is recorded as "
                      "handed out."))
    p.add_argument("reference", metavar=_("REFERENCE"),
                   help=_("the consultation's reference number, e.g. 2026-000123"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--format", choices=["a5", "a4", "receipt"],
                   help=_("paper: A5 or A4 sheet, or 80 mm receipt roll "
                          "(default: the bureau's setting)"))
    p.set_defaults(handler=cmd_slip, operation=Operation.PRINT_SLIP)
