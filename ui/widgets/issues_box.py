"""Topics and services raised in a consultation: one field, a short list.

One field finds both topics and municipal services (a service brings its
topic with it). Enter adds the highlighted suggestion; Backspace in the empty
field removes the last entry; in the list, Delete removes the chosen one.
"""

from __future__ import annotations

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.forms import plain
from bureau_desk.widgets.suggest import SuggestField, Suggestion
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from bureau.catalogue import CatalogueEntry
from bureau.domain import IssueEntry
from bureau.i18n import _
from bureau.textsearch import fold

MAX_SUGGESTIONS = 12


class TopicField(SuggestField):
    remove_last_requested = Signal()
    list_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.text() and event.key() == Qt.Key.Key_Backspace:
            self.remove_last_requested.emit()
            event.accept()
            return
        if not self.text() and event.key() == Qt.Key.Key_Down:
            self.list_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class IssueList(QListWidget):
    remove_requested = Signal(int)
    leave_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.remove_requested.emit(self.currentRow())
            event.accept()
            return
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.currentRow() <= 0):
            self.leave_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _position(wanted: str, entry: CatalogueEntry) -> int | None:
    """Where ``wanted`` starts in the entry's closest name (any language), or None."""
    if fold(entry.code) == wanted:
        return 0
    found = [fold(name).find(wanted) for name in (entry.name_bg, entry.name_ru, entry.name_en)
             if name]
    hits = [position for position in found if position >= 0]
    return min(hits) if hits else None


class IssuesBox(QWidget):
    changed = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issues: list[IssueEntry] = []
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.topic_edit = TopicField(self, preselect_first=True)
        self.topic_edit.setObjectName("topic")
        self.topic_edit.set_provider(self._suggest)
        self.list = IssueList(self)
        # Reached with the Down arrow from the empty topic field, not with Tab:
        # a typical consultation goes from the topic straight on to the question.
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.list.setMaximumHeight(self.fontMetrics().height() * 5)
        # Service names are long: wrap them rather than scroll sideways.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        layout.addWidget(self.topic_edit)
        layout.addWidget(self.list)

    def _connect(self) -> None:
        self.topic_edit.picked.connect(self._on_topic_picked)
        self.topic_edit.remove_last_requested.connect(self._on_topic_remove_last_requested)
        self.topic_edit.list_requested.connect(self._on_topic_list_requested)
        self.list.remove_requested.connect(self._on_list_remove_requested)
        self.list.leave_requested.connect(self._on_list_leave_requested)

    def retranslate(self) -> None:
        self.topic_edit.setPlaceholderText(_("Type a topic or a service, then Enter"))
        self.topic_edit.setToolTip(_(
            "Start typing a topic or a municipal service and press Enter to add it. "
            "Add several if the person asked about several things. Backspace in the empty "
            "field removes the last one; the Down arrow goes to the list."))
        self.list.setAccessibleName(plain(_("Topics added")))
        self.list.setToolTip(_("Press Delete to remove the chosen topic, Escape to go back."))
        self._show()

    # --- suggestions -----------------------------------------------------------

    def _suggest(self, text: str) -> list[Suggestion]:
        """Topics first, then services; beginnings of names before matches inside them.

        Any language's name matches (a Russian-speaking advisor may type the
        Bulgarian name from a form); the suggestion is shown in the UI language.
        """
        wanted = fold(text)
        lookup = self.context.lookup
        ranked: list[tuple[int, str, Suggestion]] = []
        for entry in lookup.categories.values():
            position = _position(wanted, entry)
            if entry.active and position is not None:
                name = entry.name()
                ranked.append((0 if position == 0 else 1, name,
                               Suggestion(name, IssueEntry(entry.code, None))))
        for entry in lookup.services.values():
            if not entry.active or not entry.category_code:
                continue  # a service without a topic cannot make an issue of its own
            position = _position(wanted, entry)
            if position is not None:
                name = entry.name()
                topic = lookup.categories.get(entry.category_code)
                label = _("{service} ({topic})").format(
                    service=name, topic=topic.name() if topic else "")
                ranked.append((2 if position == 0 else 3, name,
                               Suggestion(label, IssueEntry(entry.category_code, entry.code))))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [suggestion for _rank, _name, suggestion in ranked[:MAX_SUGGESTIONS]]

    # --- list ------------------------------------------------------------------

    def _on_topic_picked(self, issue: IssueEntry) -> None:
        self.add(issue)
        self.topic_edit.clear()

    def _on_topic_remove_last_requested(self) -> None:
        if self.issues:
            self.remove(len(self.issues) - 1)

    def _on_topic_list_requested(self) -> None:
        if self.issues:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            self.list.setCurrentRow(len(self.issues) - 1)

    def _on_list_remove_requested(self, row: int) -> None:
        self.remove(row)
        if self.issues:
            self.list.setCurrentRow(min(row, len(self.issues) - 1))
        else:
            self.topic_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_list_leave_requested(self) -> None:
        self.topic_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def add(self, issue: IssueEntry) -> None:
        if issue in self.issues:
            return
        # A service chosen for a topic already listed on its own refines that entry.
        bare = IssueEntry(issue.category_code, None)
        if issue.service_code and bare in self.issues:
            self.issues[self.issues.index(bare)] = issue
        else:
            self.issues.append(issue)
        self._show()
        self.changed.emit()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.issues):
            del self.issues[row]
            self._show()
            self.changed.emit()

    def set_issues(self, issues: list[IssueEntry]) -> None:
        self.issues = list(issues)
        self.topic_edit.clear()
        self._show()

    def describe(self, issue: IssueEntry) -> str:
        lookup = self.context.lookup
        topic = lookup.categories.get(issue.category_code)
        topic_name = topic.name() if topic else issue.category_code
        if not issue.service_code:
            return topic_name
        service = lookup.services.get(issue.service_code)
        return _("{topic}: {service}").format(
            topic=topic_name, service=service.name() if service else issue.service_code)

    def _show(self) -> None:
        self.list.clear()
        for issue in self.issues:
            text = self.describe(issue)
            item = QListWidgetItem(text)
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.setVisible(bool(self.issues))

    def raw(self) -> list[tuple[str, str | None]]:
        """The chosen issues, plus any text typed but not chosen from the list.

        Leftover text is handed to validation as it is: a name the catalogue
        knows counts, anything else comes back as "unknown value" under the
        field, so nothing typed is silently dropped.
        """
        issues: list[tuple[str, str | None]] = [
            (issue.category_code, issue.service_code) for issue in self.issues]
        leftover = self.topic_edit.text().strip()
        if leftover:
            if self.context.lookup.service_code(leftover):
                issues.append(("", leftover))
            else:
                issues.append((leftover, None))
        return issues
