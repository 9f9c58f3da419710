"""The report's opening paragraph, in words, in the document's language.

Each sentence carries one counted noun and goes through ``ngettext`` whole, so
that Russian (three plural forms) and Bulgarian agree with the number. The
public version leaves out any sentence whose number is below 5.
"""

from __future__ import annotations

from bureau.i18n import _, format_number, format_percent, ngettext
from bureau.reports.disclosure import is_small
from bureau.reports.figures import ActivityReport
from bureau.reports.formatting import decimal
from bureau.reports.tables import catalogue_label, unknown_periods_note


def _percent(part: int, whole: int) -> str:
    return format_percent(part / whole) if whole else ""


def _comparison(now: int, before: int, public: bool) -> str:
    if before <= 0 or (public and (is_small(now) or is_small(before))):
        return ""
    ratio = (now - before) / before
    if abs(ratio) < 0.005:
        return _("That is about as many as in the previous period.")
    if ratio > 0:
        return _("That is {percent} more than in the previous period.").format(
            percent=format_percent(ratio))
    return _("That is {percent} fewer than in the previous period.").format(
        percent=format_percent(-ratio))


def summary_sentences(report: ActivityReport, public: bool) -> list[str]:
    """Sentences of the summary; call inside ``use_locale``."""
    fig = report.current

    def shown(count: int) -> bool:
        return count > 0 and not (public and is_small(count))

    if fig.contacts == 0:
        return [_("No consultations were recorded in this period.")]
    if not shown(fig.contacts):
        return [_("Fewer than five consultations were recorded in this period.")]
    sentences = [
        ngettext("The bureau had {count} contact with citizens.",
                 "The bureau had {count} contacts with citizens.",
                 fig.contacts).format(count=format_number(fig.contacts)),
        _comparison(fig.contacts, report.previous.contacts, public)
        if report.comparable(report.previous.period) else unknown_periods_note(report) or "",
    ]
    parts_shown = all(shown(n) or n == 0 for n in
                      (fig.new_people, fig.returning_people, fig.anonymous_visits))
    if parts_shown:
        sentences.append(ngettext(
            "{count} person was helped (new: {new}, returning: {returning}, anonymous visits: "
            "{anonymous}).",
            "{count} people were helped (new: {new}, returning: {returning}, anonymous visits: "
            "{anonymous}).",
            fig.people).format(count=format_number(fig.people), new=format_number(fig.new_people),
                               returning=format_number(fig.returning_people),
                               anonymous=format_number(fig.anonymous_visits)))
    if shown(fig.issues):
        sentences.append(ngettext("They raised {count} issue.", "They raised {count} issues.",
                                  fig.issues).format(count=format_number(fig.issues)))
    # Distinct topics, not issues: one topic raised twice is one topic touched.
    touched = sum(1 for count in fig.by_category.values() if count > 0)
    if shown(touched):
        sentences.append(ngettext("They touched {count} topic.", "They touched {count} topics.",
                                  touched).format(count=format_number(touched)))
    topics = [(code, n) for code, n in fig.by_category.items() if shown(n)]
    if topics:
        first = catalogue_label(report.names.categories, topics[0][0])
        if len(topics) > 1:
            second = catalogue_label(report.names.categories, topics[1][0])
            sentences.append(_(
                "Most questions concerned \u201c{topic}\u201d ({percent}), followed by "
                "\u201c{second}\u201d ({second_percent}).").format(
                topic=first, percent=_percent(topics[0][1], fig.issues),
                second=second, second_percent=_percent(topics[1][1], fig.issues)))
        else:
            sentences.append(_("Most questions concerned \u201c{topic}\u201d ({percent}).").format(
                topic=first, percent=_percent(topics[0][1], fig.issues)))
    resolved = fig.by_outcome.get("resolved", 0)
    if shown(resolved):
        sentences.append(_("{percent} of the consultations ended with the matter resolved.")
                         .format(percent=_percent(resolved, fig.contacts)))
    if shown(fig.referrals_made):
        sentences.append(ngettext(
            "{count} matter was referred to the commission.",
            "{count} matters were referred to the commission.",
            fig.referrals_made).format(count=format_number(fig.referrals_made)))
    if shown(fig.referrals_decided):
        sentences.append(ngettext(
            "The commission decided {count} referral.", "The commission decided {count} referrals.",
            fig.referrals_decided).format(count=format_number(fig.referrals_decided)))
    if shown(fig.referrals_overdue):
        sentences.append(ngettext(
            "{count} referral was overdue at the end of the period.",
            "{count} referrals were overdue at the end of the period.",
            fig.referrals_overdue).format(count=format_number(fig.referrals_overdue)))
    if shown(fig.signals):
        sentences.append(ngettext(
            "{count} signal of corruption or abuse was received.",
            "{count} signals of corruption or abuse were received.",
            fig.signals).format(count=format_number(fig.signals)))
    if shown(fig.events):
        sentences.append(ngettext(
            "The bureau held {count} event.", "The bureau held {count} events.",
            fig.events).format(count=format_number(fig.events)))
        if shown(fig.event_participants):
            # The pronoun follows the events ("in it" / "in them"), the verb the people.
            if fig.events == 1:
                said = ngettext("{count} person took part in it.", "{count} people took part in it.",
                                fig.event_participants)
            else:
                said = ngettext("{count} person took part in them.",
                                "{count} people took part in them.", fig.event_participants)
            sentences.append(said.format(count=format_number(fig.event_participants)))
    average = fig.satisfaction_average
    if average is not None and shown(fig.satisfaction_ratings):
        sentences.append(ngettext(
            "The average satisfaction was {average} out of 5 ({count} rating).",
            "The average satisfaction was {average} out of 5 ({count} ratings).",
            fig.satisfaction_ratings).format(average=decimal(average, 1),
                                             count=format_number(fig.satisfaction_ratings)))
    return [sentence for sentence in sentences if sentence]


def summary_text(report: ActivityReport, public: bool) -> str:
    return " ".join(summary_sentences(report, public))
