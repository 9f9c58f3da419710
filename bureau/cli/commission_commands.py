"""agenda, decision-letter, signals-report, signal-receipt: the commission's and the
signals register's documents as PDF files."""

from __future__ import annotations

import argparse

from bureau.i18n import _, get_locale
from bureau.trust.access import Operation


def _locale(args: argparse.Namespace) -> str:
    # --locale (or BUREAU_LOCALE, LANG) already chose the messages' language;
    # the document follows it.
    return getattr(args, "locale", None) or get_locale()


def _written(what: str, path: str) -> None:
    print(_("{document} written to {path}.").format(document=what, path=path))


def cmd_agenda(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.documents import agenda_pdf, write_pdf
    from bureau.trust import audit

    db = open_db(args)
    write_pdf(agenda_pdf(db, args.meeting, locale=_locale(args)), args.out)
    # The agenda names the citizens who agreed to share their case.
    audit.record(db, audit.Action.PRINT, "meeting", args.meeting, actor_id=args.account.id,
                 detail="agenda")
    _written(_("The agenda of meeting {number}").format(number=args.meeting), args.out)
    return 0


def cmd_decision_letter(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.commission.referrals import get_referral
    from bureau.documents import decision_letter_pdf, write_pdf
    from bureau.trust import audit

    db = open_db(args)
    number = args.referral.strip().upper()
    referral = get_referral(db, number)
    write_pdf(decision_letter_pdf(db, number, locale=_locale(args), fmt=args.format), args.out)
    # The letter may carry the citizen's name: who printed it is worth knowing.
    audit.record(db, audit.Action.PRINT, "referral", referral.id,
                 actor_id=args.account.id, detail="decision_letter")
    _written(_("The decision letter for {number}").format(number=referral.number), args.out)
    return 0


def cmd_signals_report(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.documents import signals_report_pdf, write_pdf

    db = open_db(args)
    write_pdf(signals_report_pdf(db, args.date_from, args.date_to, by=args.account,
                                 locale=_locale(args)), args.out)
    _written(_("The signals analysis"), args.out)
    return 0


def cmd_signal_receipt(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.documents import signal_receipt_pdf, write_pdf
    from bureau.signals.register import get_signal
    from bureau.trust import audit

    db = open_db(args)
    account = args.account
    number = args.signal.strip().upper()
    # Asked before anything is built: a refusal writes no file.
    signal = get_signal(db, number, role=account.role)
    write_pdf(signal_receipt_pdf(db, number, role=account.role, locale=_locale(args),
                                 fmt=args.format), args.out)
    audit.record(db, audit.Action.PRINT, "signal", signal.id, actor_id=account.id,
                 detail="receipt")
    _written(_("The receipt for signal {number}").format(number=signal.number), args.out)
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from bureau.cli.core_commands import _date_arg

    out_help = _("the PDF file to write")
    p = subparsers.add_parser(
        "agenda", parents=[common], help=_("write the agenda of a commission meeting as a PDF"),
        description=_("Write the agenda of a meeting of the consultative commission, with the "
                      "referrals on it, in the language given by --locale. Citizens are named "
                      "only when they agreed to share their case."))
    p.add_argument("meeting", type=int, metavar=_("MEETING"), help=_("the meeting's number"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=out_help)
    p.set_defaults(handler=cmd_agenda, operation=Operation.PRINT_AGENDA)

    p = subparsers.add_parser(
        "decision-letter", parents=[common],
        help=_("write the letter telling a citizen the commission's decision"),
        description=_("Write the letter that tells the citizen the commission's recommendation "
                      "on a decided referral, in the language given by --locale."))
    p.add_argument("referral", metavar=_("REFERRAL"),
                   help=_("the referral's number, e.g. KK-2026-0004"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=out_help)
    p.add_argument("--format", choices=["a5", "a4"],
                   help=_("paper: A5 or A4 sheet (default: the bureau's slip setting, else A5)"))
    p.set_defaults(handler=cmd_decision_letter, operation=Operation.PRINT_DECISION_LETTER)

    p = subparsers.add_parser(
        "signals-report", parents=[common],
        help=_("write the analysis of signals for a period as a PDF"),
        description=_("Write the analysis of corruption and abuse signals for the municipal "
                      "anti-corruption council: counts by municipal unit, area of activity and "
                      "month, and how many were answered in time. It holds counts only; unless "
                      "--user is a signals officer, units and areas with fewer than 5 signals "
                      "are counted together."))
    p.add_argument("--from", dest="date_from", required=True, type=_date_arg,
                   metavar=_("DATE"), help=_("first day of the period"))
    p.add_argument("--to", dest="date_to", required=True, type=_date_arg, metavar=_("DATE"),
                   help=_("last day of the period"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=out_help)
    p.set_defaults(handler=cmd_signals_report, operation=Operation.ANALYSE_SIGNALS)

    p = subparsers.add_parser(
        "signal-receipt", parents=[common],
        help=_("write the receipt for a signal (signals officer only)"),
        description=_("Write the receipt handed to the person who submitted a signal: its "
                      "number, dates and the bureau's contacts, never what it says. Only the "
                      "signals officer may do this: give their login with --user."))
    p.add_argument("signal", metavar=_("SIGNAL"), help=_("the signal's number, e.g. SG-2026-0002"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=out_help)
    p.add_argument("--format", choices=["a5", "a4"],
                   help=_("paper: A5 or A4 sheet (default: the bureau's slip setting, else A5)"))
    p.set_defaults(handler=cmd_signal_receipt, operation=Operation.READ_SIGNALS)
