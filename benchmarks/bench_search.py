"""Search as you type in the register, one keystroke at a time.

For every prefix of each typed word ("п", "пе", "пет"...) two figures: the
core query alone (``list_consultations`` with the text, one page) and what a
keystroke costs the desk: the register's table model updated with the new
filter (its keys query, then rows removed and inserted in place, never a reset;
rows already shown are not read again) and a table view showing it repainted
offscreen. At the desk the search also waits for a pause in the typing
(``bureau_desk.pages.register.SEARCH_DEBOUNCE_MS``), so a fast typist costs
one such update, not one per key.
Every sequence is typed several times; the first pass is included, because a
volunteer's first search of the day is a search too.
"""

from __future__ import annotations

from benchmarks.stats import summary, timed

# (kind, text typed letter by letter); common and rare, Cyrillic and Latin,
# a name with a surname, a reference number from a slip, a miss, other Latin
# spellings and a typo.
SEQUENCES: list[tuple[str, str]] = [
    ("cyrillic common", "петров"),
    ("cyrillic common", "кресна"),
    ("cyrillic rare", "пономарев"),
    ("cyrillic rare", "апостиль"),
    ("latin common", "ivanov"),
    ("latin rare", "zhukov"),
    ("two words", "мария петрова"),
    ("reference", "2026-000123"),
    ("no match", "щъркелово"),
    # Russian passport (ICAO) and popular Latin spellings, and a name typed with
    # a typo: every prefix past "стеа" misses and goes to the typo index.
    ("latin passport", "iakovleva"),
    ("latin popular", "semyonova"),
    ("typo", "стеафнов"),
]


def keystrokes(text: str) -> list[str]:
    """'ab c' -> ['a', 'ab', 'ab ', 'ab c']: what the search box holds after each key."""
    return [text[:end] for end in range(1, len(text) + 1)]


def _by_kind(samples: list[tuple[str, str, float]]) -> dict:
    kinds: dict[str, list[float]] = {}
    for kind, _prefix, seconds in samples:
        kinds.setdefault(kind, []).append(seconds)
    result = {kind: summary(values) for kind, values in kinds.items()}
    result["all"] = summary(seconds for _kind, _prefix, seconds in samples)
    return result


def _slowest(samples: list[tuple[str, str, float]], count: int = 5) -> list[dict]:
    worst = sorted(samples, key=lambda sample: sample[2], reverse=True)[:count]
    return [{"kind": kind, "typed": prefix, "ms": round(seconds * 1000, 2)}
            for kind, prefix, seconds in worst]


def run(db_path: str, rounds: int, page: int) -> dict:
    from bureau_desk.models.register import RegisterModel
    from PySide6.QtWidgets import QApplication, QTableView

    from bureau.consultations.register import RegisterFilter, list_consultations
    from bureau.i18n import set_locale
    from bureau.opening import open_database

    set_locale("bg")
    db = open_database(db_path)
    app = QApplication.instance() or QApplication([])
    model = RegisterModel(db, page_size=page)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    model.set_filter(RegisterFilter())
    app.processEvents()

    def update(prefix: str) -> None:
        model.set_filter(RegisterFilter(text=prefix))
        app.processEvents()  # the view's reset and repaint

    core: list[tuple[str, str, float]] = []
    desk: list[tuple[str, str, float]] = []
    rows_found: dict[str, int] = {}
    for _round in range(rounds):
        for kind, text in SEQUENCES:
            for prefix in keystrokes(text):
                seconds, rows = timed(
                    lambda p=prefix: list_consultations(db, RegisterFilter(text=p), limit=page))
                core.append((kind, prefix, seconds))
                rows_found[prefix] = len(rows)
                desk.append((kind, prefix, timed(lambda p=prefix: update(p))[0]))
    view.close()
    db.close()
    return {
        "page": page, "rounds": rounds, "keystrokes": len(core),
        "core_query": _by_kind(core),
        "model_and_view": _by_kind(desk),
        "slowest_core": _slowest(core),
        "slowest_model_and_view": _slowest(desk),
        "rows_on_first_page": {text: rows_found[text] for _kind, text in SEQUENCES},
    }
