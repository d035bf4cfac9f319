import unicodedata

import pytest

from examportal.text import normalize_text, search_text, slugify_vi, strip_diacritics


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Đề thi Đà Nẵng", "de-thi-da-nang"),
        ("Kỳ thi tốt nghiệp THPT năm 2021", "ky-thi-tot-nghiep-thpt-nam-2021"),
        ("ĐỀ THI MÔN NGỮ VĂN", "de-thi-mon-ngu-van"),
        ("Thông cáo báo chí: “Kết quả thi” 26/7", "thong-cao-bao-chi-ket-qua-thi-267"),
        ("  Gương người tốt,  việc tốt  ", "guong-nguoi-tot-viec-tot"),
        ("Sìn Hồ – Mường Tè", "sin-ho-muong-te"),
    ],
)
def test_slugify_keeps_d(value, expected):
    assert slugify_vi(value) == expected


def test_slugify_nfd_input_matches_nfc():
    nfd = unicodedata.normalize("NFD", "Đề thi Đà Nẵng")
    assert nfd != "Đề thi Đà Nẵng"
    assert slugify_vi(nfd) == "de-thi-da-nang"


def test_slugify_max_length_does_not_end_with_hyphen():
    assert slugify_vi("Ôn thi và kỹ năng làm bài", max_length=8) == "on-thi-v"
    assert not slugify_vi("Ôn thi và kỹ", max_length=7).endswith("-")


def test_normalize_text_gives_nfc():
    nfd = unicodedata.normalize("NFD", "Tiếng Việt")
    result = normalize_text(nfd)
    assert result == "Tiếng Việt"
    assert unicodedata.is_normalized("NFC", result)
    assert normalize_text(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Kỳ thi", "ky thi"),
        ("KỲ THI", "ky thi"),
        ("Đề thi   Đà Nẵng", "de thi da nang"),
        (unicodedata.normalize("NFD", "Chỉ thị tăng cường"), "chi thi tang cuong"),
        ("Ngữ văn\tToán\nNgoại ngữ", "ngu van toan ngoai ngu"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_text(value, expected):
    assert search_text(value) == expected


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đinh Trung Tuấn") == "Dinh Trung Tuan"
