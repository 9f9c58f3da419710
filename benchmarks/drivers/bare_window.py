"""The yardstick: a bare PySide6 window (QApplication + a QMainWindow holding an empty
QTableView, as the issue states the floor) shown."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402

from benchmarks.drivers.shown import exit_when_interactive  # noqa: E402

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QTableView(window))
window.resize(1280, 720)
window.show()
exit_when_interactive(window)
sys.exit(app.exec())
