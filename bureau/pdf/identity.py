"""Who the bureau is on paper: its name and contact details from the settings.

No reportlab here: slip content and the desk read these cheaply.
"""

from __future__ import annotations

from bureau.i18n import N_, _

DEFAULT_BUREAU_NAME = N_("Citizens' information and advice bureau")
CONTACT_LABELS = (("address", N_("Address")), ("phone", N_("Phone")), ("email", N_("E-mail")),
                  ("opening_hours", N_("Opening hours")))


def bureau_name(settings: dict[str, str]) -> str:
    """The bureau's name from the settings, or the translated generic name."""
    return (settings.get("bureau_name") or "").strip() or _(DEFAULT_BUREAU_NAME)


def bureau_contacts(settings: dict[str, str]) -> list[tuple[str, str]]:
    """(translated label, value) of each contact detail the bureau filled in, in order;
    the empty ones are left out, so no separator or label stands alone."""
    return [(_(label), settings[key].strip()) for key, label in CONTACT_LABELS
            if (settings.get(key) or "").strip()]
