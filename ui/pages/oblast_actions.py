"""The Reports page's way beyond the bureau: the statistical package and the oblast roll-up.

A mixin of ``ReportsPage`` (it uses the page's period, language, public tick,
``db_path`` and the host's ``may_package``/``may_rollup``/``acting``). The
package is written by a worker with its own connection, as the acting account
(the role table decides whether signals by unit and area are pooled); the
roll-up reads only the chosen package files and needs no database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bureau_desk.shell.tasks import run_task
from bureau_desk.widgets import file_dialogs
from PySide6.QtWidgets import QMessageBox

from bureau.database.connection import translate_sqlite_error
from bureau.domain import BureauError
from bureau.i18n import _, ngettext
from bureau.reports.period import Period
from bureau.trust.accounts import Account

FORMATS = (("pdf", "PDF"), ("xlsx", "XLSX"), ("csv", "CSV"))


def _write_package(db, period: Period, out: str, account: Account | None) -> str:  # noqa: ANN001
    from bureau.rollup.package import write_package  # deferred: documents

    write_package(db, period, out, by=account)
    return out


def _write_rollup(paths: list[str], fmt: str, out: str, public: bool, locale: str):  # noqa: ANN202
    from bureau.rollup.write import write_rollup  # deferred: documents

    return write_rollup(paths, fmt, out, public=public, locale=locale)


class OblastActions:
    """The Reports page's statistical package and roll-up (mixed into ``ReportsPage``)."""

    def _on_package_button_clicked(self) -> None:
        if not self.may_package():
            QMessageBox.warning(self, _("Statistical package"), self.refusal)
            return
        from bureau.rollup.package import SUFFIX, default_name  # deferred: documents

        period = self.period()
        municipality = self.report.settings.get("municipality", "") if self.report else ""
        path = file_dialogs.save_file(
            self, _("Save the statistical package"), Path.home() / default_name(municipality, period),
            _("Statistical packages (*{suffix})").format(suffix=SUFFIX))
        if path:
            self.start_package(period, path if path.endswith(".json") else path + SUFFIX)

    def start_package(self, period: Period, path: str):  # noqa: ANN201 (tasks.Task)
        """Write the package of ``period`` to ``path`` in a worker, as the acting account."""
        self.package_button.setEnabled(False)
        self.package_task = run_task(
            self.window(), _("Writing {file}\u2026").format(file=Path(path).name),
            _write_package, period, path, self.acting(), db_path=self.db_path,
            on_done=self._on_package_done, on_error=self._on_package_failed)
        return self.package_task

    def _on_package_done(self, path: str) -> None:
        self._enable_oblast_buttons()
        QMessageBox.information(self, _("Statistical package"),
                                _("The statistical package was saved to {path}.").format(path=path))

    def _on_package_failed(self, error: BaseException) -> None:
        self._enable_oblast_buttons()
        QMessageBox.warning(self, _("Statistical package"), _("The statistical package was not "
                                                              "saved.") + "\n\n"
                            + message_of(error, self.db_path))

    def _on_rollup_button_clicked(self) -> None:
        if not self.may_rollup():
            QMessageBox.warning(self, _("Oblast roll-up"), self.refusal)
            return
        paths = file_dialogs.open_files(
            self, _("Choose the bureaus' statistical packages"), Path.home(),
            _("Statistical packages (*.json)"))
        if not paths:
            return
        period = self.period()
        path = file_dialogs.save_file(
            self, _("Save the oblast roll-up"), Path.home() / f"oblast-{period.start:%Y-%m}.pdf",
            ";;".join(_("{format} files (*.{ext})").format(format=name, ext=fmt)
                      for fmt, name in FORMATS))
        if not path:
            return
        fmt = path.rsplit(".", 1)[-1].lower() if "." in Path(path).name else ""
        if fmt not in dict(FORMATS):
            fmt, path = "pdf", path + ".pdf"
        self.start_rollup(paths, fmt, path, public=self.public_check.isChecked(),
                          locale=self.language_combo.currentData())

    def start_rollup(self, paths: list[str], fmt: str, path: str, *, public: bool,
                     locale: str):  # noqa: ANN201 (tasks.Task)
        """Check the packages and write the roll-up in a worker (no database needed)."""
        self.rollup_button.setEnabled(False)
        self.rollup_task = run_task(
            self.window(), _("Writing {file}\u2026").format(file=Path(path).name),
            _write_rollup, list(paths), fmt, path, public, locale,
            on_done=lambda rollup: self._on_rollup_done(rollup, path),
            on_error=self._on_rollup_failed)
        return self.rollup_task

    def _on_rollup_done(self, rollup, path: str) -> None:  # noqa: ANN001 - a combine.Rollup
        self._enable_oblast_buttons()
        lines = [ngettext("The roll-up of {count} package was saved to {path}.",
                          "The roll-up of {count} packages was saved to {path}.",
                          len(rollup.bureaus)).format(count=len(rollup.bureaus), path=path)]
        lines += [_("{bureau} sent its package after the deadline.").format(bureau=b.heading)
                  for b in rollup.bureaus if b.late]
        QMessageBox.information(self, _("Oblast roll-up"), "\n".join(lines))

    def _on_rollup_failed(self, error: BaseException) -> None:
        self._enable_oblast_buttons()
        QMessageBox.warning(self, _("Oblast roll-up"), _("The roll-up was not saved.") + "\n\n"
                            + message_of(error, self.db_path))

    def _enable_oblast_buttons(self) -> None:
        for button, may, task in ((self.package_button, self.may_package, self.package_task),
                                  (self.rollup_button, self.may_rollup, self.rollup_task)):
            button.setEnabled(may() and (task is None or task.done))


def message_of(error: BaseException, db_path: str) -> str:
    """What went wrong, in the user's language (a database error named as such)."""
    if isinstance(error, sqlite3.Error):
        error = translate_sqlite_error(error, db_path)
    if isinstance(error, BureauError):
        return str(error)
    return _("Bureau met an unexpected problem: {problem}").format(problem=type(error).__name__)
