"""The desk's pages, in the order of the page list and of Ctrl+1 … Ctrl+9.

To add a page, write a ``bureau_desk.pages.base.Page`` subclass and add one
``PageSpec`` here. Every page is imported the first time it is opened
(start-up deferral "desk-page", docs/ARCHITECTURE.md), the desk page too: the
window paints its frame from this list before the database is open and the
desk page built (``bureau_desk.shell.app``). The other pages together add
about 70 ms, some 7%, to the time until the window shows (measured
2026-11-30 on the shared 2-core machine, median of six starts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bureau.i18n import N_
from bureau.trust.access import Operation

if TYPE_CHECKING:
    from bureau_desk.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # msgid, translated when shown
    load: Callable[[], type[Page]]  # the page's class, imported on first use
    # Listed only for whoever the role table lets do this (None: everybody).
    operation: Operation | None = None


def _desk() -> type[Page]:
    from bureau_desk.pages.desk import DeskPage  # deferred: desk-page

    return DeskPage


def _register() -> type[Page]:
    from bureau_desk.pages.register import RegisterPage  # deferred: desk-page

    return RegisterPage


def _citizens() -> type[Page]:
    from bureau_desk.pages.citizens import CitizensPage  # deferred: desk-page

    return CitizensPage


def _commission() -> type[Page]:
    from bureau_desk.pages.commission import CommissionPage  # deferred: desk-page

    return CommissionPage


def _signals() -> type[Page]:
    from bureau_desk.pages.signals import SignalsPage  # deferred: desk-page

    return SignalsPage


def _events() -> type[Page]:
    from bureau_desk.pages.events import EventsPage  # deferred: desk-page

    return EventsPage


def _reports() -> type[Page]:
    from bureau_desk.pages.reports import ReportsDeskPage  # deferred: desk-page

    return ReportsDeskPage


def _settings() -> type[Page]:
    from bureau_desk.settings.page import SettingsPage  # deferred: desk-page

    return SettingsPage


PAGES: list[PageSpec] = [
    PageSpec("desk", N_("Desk"), _desk),
    PageSpec("register", N_("Register"), _register),
    PageSpec("citizens", N_("Citizens"), _citizens),
    PageSpec("commission", N_("Commission"), _commission),
    PageSpec("signals", N_("Signals"), _signals, Operation.READ_SIGNALS),
    PageSpec("events", N_("Events"), _events),
    PageSpec("reports", N_("Reports"), _reports),
    PageSpec("settings", N_("Settings"), _settings),
]
