"""The register's filter bar: period, advisor, topic, service, outcome, level, channel."""

from __future__ import annotations

import datetime as dt

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.forms import EnumCombo, plain
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from bureau.catalogue import entries
from bureau.consultations.register import RegisterFilter
from bureau.domain import Channel, HelpLevel, LabelledEnum, Outcome
from bureau.i18n import N_, _
from bureau.trust.advisors import list_advisors

ANY = N_("any")
PERIODS = (
    ("all", N_("all time")),
    ("today", N_("today")),
    ("week", N_("this week")),
    ("month", N_("this month")),
    ("last_month", N_("last month")),
    ("year", N_("this year")),
    ("custom", N_("chosen dates")),
)


def period_range(key: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    if key == "today":
        return today, today
    if key == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if key == "year":
        return today.replace(month=1, day=1), today
    return None, None


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._labels: list[tuple[QLabel, str]] = []
        self._build_ui()
        self._connect()
        self.retranslate()

    def _labelled(self, grid: QGridLayout, row: int, column: int, msgid: str,
                  widget: QWidget) -> None:
        label = QLabel(self)
        label.setBuddy(widget)
        self._labels.append((label, msgid))
        grid.addWidget(label, row, column)
        grid.addWidget(widget, row, column + 1)

    def _combo(self) -> QComboBox:
        combo = QComboBox(self)
        # Long service names must not widen the bar past a small screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _build_ui(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.period_combo = self._combo()
        for key, _label in PERIODS:
            self.period_combo.addItem("", key)
        # Three rows of three: fits 1366 pixels even when translations run long.
        self._labelled(grid, 0, 0, N_("&Period"), self.period_combo)
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setDate(QDate.currentDate())
        self._labelled(grid, 0, 2, N_("fro&m"), self.from_edit)
        self._labelled(grid, 0, 4, N_("unt&il"), self.to_edit)
        self.advisor_combo = self._combo()
        self._labelled(grid, 1, 0, N_("A&dvisor"), self.advisor_combo)
        self.topic_combo = self._combo()
        self._labelled(grid, 1, 2, N_("&Topic"), self.topic_combo)
        self.service_combo = self._combo()
        self._labelled(grid, 1, 4, N_("Ser&vice"), self.service_combo)
        self.outcome_combo = EnumCombo(Outcome, placeholder=ANY, parent=self)
        self._labelled(grid, 2, 0, N_("&Outcome"), self.outcome_combo)
        self.level_combo = EnumCombo(HelpLevel, placeholder=ANY, parent=self)
        self._labelled(grid, 2, 2, N_("&Level"), self.level_combo)
        self.channel_combo = EnumCombo(Channel, placeholder=ANY, parent=self)
        self._labelled(grid, 2, 4, N_("C&hannel"), self.channel_combo)
        self.follow_up_check = QCheckBox(self)
        grid.addWidget(self.follow_up_check, 0, 6)
        self.clear_button = QPushButton(self)
        grid.addWidget(self.clear_button, 2, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self._show_dates()

    def _connect(self) -> None:
        for combo in (self.period_combo, self.advisor_combo, self.topic_combo,
                      self.service_combo, self.outcome_combo, self.level_combo,
                      self.channel_combo):
            combo.currentIndexChanged.connect(self._on_any_filter_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_any_filter_changed)
        self.follow_up_check.toggled.connect(self._on_any_filter_changed)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)

    def retranslate(self) -> None:
        for label, msgid in self._labels:
            label.setText(_(msgid))
            label.buddy().setAccessibleName(plain(_(msgid)))
        for index, (_key, msgid) in enumerate(PERIODS):
            self.period_combo.setItemText(index, _(msgid))
        for combo in (self.outcome_combo, self.level_combo, self.channel_combo):
            combo.retranslate()
        self.follow_up_check.setText(_("&Follow-ups due"))
        self.follow_up_check.setToolTip(_("Only pending consultations whose follow-up date "
                                          "is today or earlier."))
        self.clear_button.setText(_("&Clear filters"))
        self.reload_lists()

    def reload_lists(self) -> None:
        """Advisors, topics and services, in the current language; keeps the choices."""
        for combo, items in (
            (self.advisor_combo, [(a.full_name, a.id)
                                  for a in list_advisors(self.context.db, active_only=False)]),
            (self.topic_combo, [(e.name(), e.code)
                                for e in entries(self.context.db, "categories", active_only=False)]),
            (self.service_combo, [(e.name(), e.code)
                                  for e in entries(self.context.db, "services", active_only=False)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(ANY), None)
            for text, data in items:
                combo.addItem(text, data)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _show_dates(self) -> None:
        custom = self.period_combo.currentData() == "custom"
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(custom)

    def _on_any_filter_changed(self, *_args: object) -> None:
        self._show_dates()
        self.changed.emit()

    def _on_clear_button_clicked(self) -> None:
        widgets = (self.period_combo, self.advisor_combo, self.topic_combo, self.service_combo,
                   self.outcome_combo, self.level_combo, self.channel_combo)
        for combo in widgets:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.follow_up_check.blockSignals(True)
        self.follow_up_check.setChecked(False)
        self.follow_up_check.blockSignals(False)
        self._on_any_filter_changed()

    def register_filter(self, text: str) -> RegisterFilter:
        today = dt.date.today()
        period = self.period_combo.currentData()
        if period == "custom":
            date_from, date_to = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        else:
            date_from, date_to = period_range(period, today)

        def enum_value(combo: EnumCombo) -> LabelledEnum | None:
            value = combo.value()
            return combo.kind(value) if value is not None else None

        return RegisterFilter(
            text=text.strip(),
            date_from=date_from,
            date_to=date_to,
            advisor_id=self.advisor_combo.currentData(),
            category_code=self.topic_combo.currentData(),
            service_code=self.service_combo.currentData(),
            outcome=enum_value(self.outcome_combo),
            help_level=enum_value(self.level_combo),
            channel=enum_value(self.channel_combo),
            follow_up_due_on=today if self.follow_up_check.isChecked() else None,
        )
