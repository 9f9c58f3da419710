"""argparse's own messages ("usage:", "error:", "required") in the user's language.

argparse translates through the stdlib gettext functions it imported; we point
them at our catalogue. The msgids below are argparse's, marked so that pybabel
extracts them into bureau.po.
"""

from __future__ import annotations

import argparse

from bureau.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("show this help message and exit"),
    N_("positional arguments"),
    N_("options"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("commands"),
)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
