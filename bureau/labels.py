"""The names of the fields a user fills in, as shown in messages, forms and exports.

One table for every room (consultations, citizens, referrals, signals,
events, settings): a validation error names its field with these words, so
the form, the CLI and the import report say the same thing. Kept apart from
``bureau.domain`` (whose errors use it) and the field specification (which
uses the domain) so neither imports the other.
"""

from __future__ import annotations

from bureau.i18n import N_, _

FIELD_LABELS: dict[str, str] = {
    "occurred_at": N_("Date and time"),
    "channel": N_("Channel"),
    "advisor": N_("Advisor"),
    "citizen": N_("Citizen"),
    "full_name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "address": N_("Address"),
    "settlement": N_("Settlement"),
    "age_band": N_("Age band"),
    "gender": N_("Gender"),
    "issues": N_("Topics"),
    "category": N_("Topic"),
    "service": N_("Service"),
    "question": N_("Question"),
    "answer": N_("Information or advice given"),
    "help_level": N_("Level of help"),
    "outcome": N_("Outcome"),
    "next_steps": N_("Next steps"),
    "follow_up_on": N_("Follow-up date"),
    "satisfaction": N_("Satisfaction"),
    "consent_record": N_("Consent to record data"),
    "consent_share": N_("Consent to share for a referral"),
    "consent_contact": N_("Consent to be contacted"),
    "external_ref": N_("Earlier journal number"),
    "reference": N_("Reference number"),
    "file": N_("File"),
    "code": N_("Code"),
    "name_bg": N_("Name in Bulgarian"),
    "name_ru": N_("Name in Russian"),
    "summary": N_("Summary for the commission"),
    "decision": N_("Commission's recommendation"),
    "informed_how": N_("How the citizen was informed"),
    "held_on": N_("Date"),
    "place": N_("Place"),
    "notes": N_("Notes"),
    "received_on": N_("Received on"),
    "anonymous": N_("Anonymous"),
    "submitter_name": N_("Submitted by"),
    "submitter_contact": N_("Submitter's contact"),
    "unit": N_("Municipal unit"),
    "area": N_("Activity area"),
    "description": N_("Description"),
    "forwarded_to": N_("Forwarded to"),
    "actions_taken": N_("Actions taken"),
    "status": N_("Status"),
    "deadline": N_("Deadline for an answer"),
    "kind": N_("Kind"),
    "title": N_("Title"),
    "participants": N_("Participants"),
    "login": N_("Login"),
    "password": N_("Password"),
    "bureau_name": N_("Bureau name"),
    "municipality": N_("Municipality"),
}


def field_label(name: str) -> str:
    """The label of the field ``name`` in the current language (the name if unknown)."""
    return _(FIELD_LABELS.get(name, name))

