"""Catalogues complete and correct; grammar from gettext and CLDR; per-document locale."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from bureau import data, i18n
from bureau.i18n import (
    _,
    format_currency,
    format_date,
    format_month,
    ngettext,
    set_locale,
    use_locale,
)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("bg", "ru")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sdr]|%[sdr]")


def catalogue(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "bureau.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def entries(lang: str):
    return [m for m in catalogue(lang) if m.id]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_translated_and_none_fuzzy(lang):
    missing = [m.id for m in entries(lang)
               if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in entries(lang) if m.fuzzy]
    assert not missing, f"untranslated in {lang}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_identical_to_source(lang):
    wrong = []
    for message in entries(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append((ids[0], text))
    assert not wrong, wrong[:5]


def test_catalogue_covers_every_source_string():
    """The .pot made from the code has no message that the catalogues lack."""
    template = ROOT / "translations" / "bureau.pot"
    with template.open("rb") as handle:
        source = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for lang in LANGUAGES:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in entries(lang)}
        assert source <= have, f"{lang} lacks {sorted(source - have)[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_po(lang):
    """The committed .mo (what a plain pip install ships) holds what the .po says.

    Compared by content, message by message: the bytes of a .mo also carry the
    compiling Babel's version and date, which change with every release.
    """
    expected = io.BytesIO()
    write_mo(expected, catalogue(lang))
    expected.seek(0)
    with data.translations(lang, "LC_MESSAGES", "bureau.mo").open("rb") as handle:
        shipped = read_mo(handle)
    want = read_mo(expected)

    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    def messages(cat):
        return {(plain(m.id), m.context): plain(m.string) for m in cat if m.id}

    assert messages(shipped) == messages(want), "run: python tools/translations.py"
    assert shipped.plural_forms == want.plural_forms


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_msgfmt_check_is_clean(lang):
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "bureau.po"
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_russian_three_plural_forms():
    set_locale("ru")
    forms = {n: ngettext("Imported {count} consultation.", "Imported {count} consultations.", n)
             .format(count=n) for n in (1, 2, 5, 21, 11, 22)}
    assert forms[1].endswith("1 консультация.")
    assert forms[2].endswith("2 консультации.")
    assert forms[5].endswith("5 консультаций.")
    assert forms[21].endswith("21 консультация.")
    assert forms[11].endswith("11 консультаций.")
    assert forms[22].endswith("22 консультации.")


def test_bulgarian_two_plural_forms():
    set_locale("bg")
    one = ngettext("Imported {count} consultation.", "Imported {count} consultations.", 1)
    many = ngettext("Imported {count} consultation.", "Imported {count} consultations.", 5)
    assert "консултация" in one and "консултации" in many


def plain(text: str) -> str:
    """CLDR separates with (narrow) no-break spaces; compare them as spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_month_nominative_in_headings_and_genitive_in_dates():
    day = dt.date(2026, 10, 14)
    with use_locale("bg"):
        assert format_month(day) == "октомври 2026"
        assert plain(format_date(day)) == "14 октомври 2026 г."
    with use_locale("ru"):
        assert format_month(day) == "октябрь 2026"
        assert plain(format_date(day)) == "14 октября 2026 г."


def test_money_uses_locale_separators():
    with use_locale("bg"):
        assert plain(format_currency(1234.5, "EUR")) == "1 234,50 €"


def test_document_locale_is_local_to_its_thread():
    set_locale("bg")
    seen = {}

    def worker():
        with use_locale("ru"):
            seen["worker"] = _("Question")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen["worker"] == "Вопрос"
    assert _("Question") == "Въпрос"


def test_pseudo_locale_lengthens_and_brackets(monkeypatch):
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    text = _("Question")
    assert text.startswith("[!") and text.endswith("!]")
    assert len(text) >= len("Question") * 1.4


def test_unknown_locale_falls_back():
    assert set_locale("xx") == i18n.DEFAULT_LOCALE
    assert set_locale("ru_RU.UTF-8") == "ru"
