"""HRIS files in an unexpected encoding are refused, never stored garbled (issue 12, point 9).

Generated here, not downloaded: French names in UTF-8 with one invalid byte put at every kind
of place, the same names in Asian and Cyrillic encodings, and the French CP1252 files Excel
writes (still accepted). With ``encoding`` given, the file is read in it.
"""

from __future__ import annotations

import random
import re

import pytest

from parcours.ingest.hris import HrisFileError, decode, open_table

NAMES = ["Hélène Dupré", "Zoé Lefèvre", "François Nœl", "Anaïs Béranger", "Jérôme Çelik"]
FOREIGN = {
    "shift_jis": ["山田太郎", "佐藤花子", "田中一郎", "鈴木次郎", "高橋美咲"],
    "euc_jp": ["山田太郎", "佐藤花子", "田中一郎", "鈴木次郎", "高橋美咲"],
    "gbk": ["王小明", "李华", "张伟", "刘洋", "陈静"],
    "big5": ["王小明", "李華", "張偉", "劉洋", "陳靜"],
    "koi8_r": ["Иван Петров", "Анна Смирнова", "Олег Соколов", "Мария Попова", "Пётр Волков"],
    "cp1251": ["Иван Петров", "Анна Смирнова", "Олег Соколов", "Мария Попова", "Пётр Волков"],
    "iso8859_7": ["Γιώργος Παπαδόπουλος", "Μαρία Νικολάου", "Ελένη Γεωργίου", "Νίκος Ιωάννου"],
}


def _csv(names: list[str]) -> str:
    lines = ["matricule;nom;referentiel;emploi;equipe"]
    lines += [f"E-{i};{n};Banque;conseiller;agence" for i, n in enumerate(names, start=1)]
    return "\n".join(lines) + "\n"


def test_french_cp1252_and_utf8_files_are_read() -> None:
    text = _csv([*NAMES, "Zoé « l’été » – 20 €"])
    for data in (
        text.encode("cp1252", "replace"),
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode(),
    ):
        assert decode(data) == text.replace("œ", "œ")


def test_one_invalid_byte_in_a_utf8_file_is_refused_with_its_line_and_byte() -> None:
    rng = random.Random(12)
    text = _csv(NAMES * 4)
    data = text.encode("utf-8")
    tried = 0
    for bad in (b"\xe9", b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80"):
        for _ in range(20):
            at = rng.randrange(len(data.split(b"\n", 1)[0]) + 1, len(data) - 2)
            while data[at] & 0xC0 == 0x80:  # not inside a character
                at -= 1
            corrupt = data[:at] + bad + data[at:]
            line = corrupt.count(b"\n", 0, at) + 1
            with pytest.raises(HrisFileError, match=re.escape(f"ligne {line}, octet ")):
                decode(corrupt)
            tried += 1
    assert tried == 100


@pytest.mark.parametrize("encoding", list(FOREIGN))
def test_files_in_other_encodings_are_refused_until_named(encoding: str) -> None:
    text = _csv(FOREIGN[encoding])
    data = text.encode(encoding)
    with pytest.raises(HrisFileError, match=r"encodage|UTF-8 abîmé") as refused:
        decode(data)
    assert "--encoding" in str(refused.value)
    assert decode(data, encoding) == text
    table = open_table(data, "sirh.csv", encoding=encoding)
    rows = list(table.rows)
    assert [table.cell(r, "nom") for r in rows] == FOREIGN[encoding]


def test_a_wrong_or_unknown_encoding_is_refused() -> None:
    with pytest.raises(HrisFileError, match="encodage inconnu"):
        decode(b"a;b\n", "klingon-8")
    with pytest.raises(HrisFileError, match=r"n.est pas en utf-8 : ligne 2, octet 6 .0xE9."):
        decode(_csv(NAMES).encode("cp1252"), "utf-8")
