"""Layout safety: with every string ~40% longer (the pseudo-locale), no label or
button on any page of the desk is cut at 1366x768, and none escapes translation."""

from __future__ import annotations

import pytest
from bureau_desk.shell.navigation import PAGES
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLabel, QWidget

from bureau import i18n
from tests.ui.layout_checks import CatalogueWitness, overlaps


def _clipped(widget: QWidget) -> bool:
    """A fixed-width text that needs more room than it got (word-wrapped labels grow)."""
    if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()
                                       or widget.pixmap() is not None and not widget.pixmap().isNull()):
        return False
    if isinstance(widget, QAbstractButton) and not widget.text():
        return False
    return widget.sizeHint().width() > widget.width() + 1


def _texts(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(page)]


@pytest.fixture
def pseudo(monkeypatch):
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_no_text_is_cut_in_the_pseudo_locale(pseudo, window, key):
    window.retranslate()
    page = window.show_page(key)
    for open_page in window.pages.values():
        open_page.retranslate()
    QApplication.processEvents()
    cut = [f"{type(w).__name__} {w.text()!r}" for w in _texts(page) if _clipped(w)]
    assert not cut, cut


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_every_label_passes_through_the_catalogue(pseudo, window, key, monkeypatch):
    """Pseudo-translated text is bracketed; a label without brackets skipped _().
    Every message translated is in the catalogue's template (extracted)."""
    witness = CatalogueWitness().install(monkeypatch)
    window.retranslate()
    page = window.show_page(key)
    page.retranslate()
    QApplication.processEvents()
    assert witness.missing() == []
    plain = [w.text() for w in _texts(page)
             if isinstance(w, (QLabel, QCheckBox)) and w.text().strip()
             and any(ch.isalpha() for ch in w.text()) and "[!" not in w.text()
             and not w.objectName().startswith("data_")]
    assert not plain, plain


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_no_widgets_overlap_on_a_page_in_the_pseudo_locale(pseudo, window, key):
    window.retranslate()
    page = window.show_page(key)
    page.retranslate()
    QApplication.processEvents()
    assert overlaps(page) == []
