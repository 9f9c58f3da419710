"""Issue #20: the printable recovery sheet for the mayor's safe (one A4 page: the key in
groups and as a QR code, the bureau, the date, what it is and when to use it)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli_core import run
from test_roles_hold import PASSWORD, bureau_db, cli
from test_sealed_cli import RECOVERY

from bureau.domain import BureauError
from bureau.opening import open_database
from bureau.pdf.fonts import register_fonts
from bureau.signals import recovery_sheet
from bureau.signals.recovery_sheet import recovery_sheet_pdf
from bureau.trust import keys


def pdf_text(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def first_key(db: str, tmp_path: Path) -> str:
    signed = cli(db, "--user", "elena", "check", cwd=tmp_path)
    assert signed.returncode == 0, signed.stderr
    assert "recovery-sheet" in signed.stderr  # the sign-in says how to print it
    return RECOVERY.search(signed.stderr).group(0)


@pytest.mark.parametrize(("locale", "words"), [
    ("bg", ["Ключ за възстановяване", "сейфа на кмета", "Кога се използва"]),
    ("ru", ["Ключ восстановления", "сейфе мэра", "Когда использовать"]),
])
def test_the_sheet_carries_the_key_the_bureau_the_date_and_instructions(tmp_path, locale, words):
    db = bureau_db(tmp_path / "bureau.db")
    key = first_key(db, tmp_path)
    out = tmp_path / "sheet.pdf"
    # Typed as a person might: small letters, spaces for dashes.
    made = subprocess_with_key(db, tmp_path, out, key.lower().replace("-", " "), locale)
    assert made.returncode == 0, made.stderr
    text = pdf_text(out)
    groups = key.split("-")
    # Read as printed: rows of five groups, each row in order on its line.
    layout = pdf_text(out, "-layout")
    for start in range(0, len(groups), 5):
        row = groups[start:start + 5]
        assert re.search(r"\s+".join(row), layout), row
    assert "БИСГ" in text and str(dt.date.today().year) in text
    for word in words:
        assert word in text, word
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and "Helvetica" not in fonts
    if shutil.which("zbarimg"):  # CI installs zbar-tools: the printed QR read back
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "page")],
                       check=True)
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
                                 capture_output=True, text=True)
        assert decoded.stdout.strip() == key


def subprocess_with_key(db: str, tmp_path: Path, out: Path, typed: str, locale: str = "en"):
    return run("--db", db, "--user", "elena", "recovery-sheet", "--out", str(out), cwd=tmp_path,
               locale=locale, env_extra={"BUREAU_PASSWORD": PASSWORD, "BUREAU_RECOVERY_KEY": typed})


def test_a_wrong_key_is_refused_and_no_sheet_is_written(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    first_key(db, tmp_path)
    out = tmp_path / "sheet.pdf"
    wrong = subprocess_with_key(db, tmp_path, out, "ABCD-" * 12 + "ABCD", locale="bg")
    assert wrong.returncode == 3 and "Traceback" not in wrong.stderr
    assert "ключ" in wrong.stderr.lower() and not out.exists()
    junk = subprocess_with_key(db, tmp_path, out, "not a key at all", locale="ru")
    assert junk.returncode == 3 and not out.exists()


def test_the_qr_code_encodes_exactly_the_key(tmp_path, monkeypatch):
    """The QR's payload, read from the drawing itself (whatever decoder a machine has)."""
    db = bureau_db(tmp_path / "bureau.db")
    key = first_key(db, tmp_path)
    drawn: list[str] = []
    real = recovery_sheet.qr_code

    def watching(value: str, size: float):
        drawn.append(value)
        return real(value, size)

    monkeypatch.setattr(recovery_sheet, "qr_code", watching)
    opened = open_database(db)
    try:
        pdf = recovery_sheet_pdf(opened, key.lower().replace("-", " "), locale="bg")
        assert pdf.startswith(b"%PDF") and drawn == [key]
        assert recovery_sheet.key_groups(key) == key.split("-")
        with pytest.raises(BureauError) as refused:
            recovery_sheet_pdf(opened, key[:-4] + "AAAA")
        assert refused.value.msgid == keys.MSG_BAD_RECOVERY
    finally:
        opened.close()


def test_before_the_register_is_sealed_there_is_no_sheet(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    opened = open_database(db)
    try:
        with pytest.raises(BureauError) as refused:
            recovery_sheet_pdf(opened, "ABCD-" * 12 + "ABCD")
        assert refused.value.msgid == keys.MSG_NOT_SET_UP
    finally:
        opened.close()


def test_the_widest_groups_are_printed_whole(tmp_path, monkeypatch):
    """A group of wide letters ("WMTW") once wrapped inside its cell as "WMT / W": the key
    of the widest letters prints every group whole, on its own line of text."""
    db = bureau_db(tmp_path / "bureau.db")
    monkeypatch.setattr(recovery_sheet.keys, "check_recovery_key", lambda _db, _key: None)
    key = keys.format_recovery_key(keys.parse_recovery_key("-".join(["WWWW", "MMMM"] * 6
                                                                     + ["WWWQ"])))
    opened = open_database(db)
    try:
        for locale in ("bg", "ru"):
            out = tmp_path / f"sheet-{locale}.pdf"
            out.write_bytes(recovery_sheet_pdf(opened, key, locale=locale))
            words = pdf_text(out).split()
            assert all(group in words for group in key.split("-")), words[:40]
    finally:
        opened.close()


def test_the_key_font_fits_four_of_the_widest_letters():
    _regular, bold = register_fonts()
    size = recovery_sheet.key_font_size(bold, 100.0, 60.0)
    widest = max(recovery_sheet.stringWidth(ch * 4, bold, size)
                 for ch in recovery_sheet.KEY_ALPHABET)
    assert widest <= 60.0 - recovery_sheet.CELL_RIGHT_PADDING + 1e-9
    assert recovery_sheet.key_font_size(bold, 8.0, 600.0) == 8.0
