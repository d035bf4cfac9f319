"""The results' part of the site search: the lookup and statistics pages of released years, when
the query asks for them ("điểm thi", "kết quả", "tra cứu", "phổ điểm", a year). Nothing of a year
appears before its release instant."""

from django.urls import reverse
from django.utils import timezone

from examportal.search import KeyPage, Result, SearchProvider
from examportal.text import search_text
from examyears.selectors import current_year_number

from .selectors import released_years

WORDS = ("diem", "ket qua", "tra cuu", "pho diem", "thong ke", "so bao danh", "sbd")


def results_lines(query):
    text = search_text(query)
    years = released_years()
    wanted = [y for y in years if str(y) in text]
    if not wanted and not any(word in text for word in WORDS):
        return []
    lines = []
    for year in wanted or years:
        lookup = reverse("results:lookup", kwargs={"year": year})
        lines.append(Result("Kết quả thi", f"Tra cứu điểm thi tốt nghiệp THPT năm {year}", lookup,
                            "Nhập số báo danh 8 chữ số để xem điểm từng môn và tổng điểm tổ hợp.",
                            timezone.localdate()))
        lines.append(Result("Kết quả thi", f"Thống kê, phổ điểm thi năm {year} của tỉnh Lai Châu",
                            reverse("results:statistics", kwargs={"year": year}),
                            "Điểm trung bình, trung vị, phổ điểm từng môn và tổ hợp xét tuyển.",
                            timezone.localdate()))
    return lines


provider = SearchProvider("ket-qua-thi", "Kết quả thi", results_lines)


def key_pages():
    year = current_year_number()
    if year is None or year not in released_years():  # nothing of a year before its release
        return []
    return [
        KeyPage(f"Tra cứu điểm thi năm {year}", reverse("results:lookup", kwargs={"year": year}),
                "Nhập số báo danh để xem điểm từng môn, tổng điểm tổ hợp; hạn phúc khảo.",
                ("điểm thi", "tra cứu điểm", "xem điểm", "điểm thi tốt nghiệp", "kết quả thi",
                 "số báo danh", "phúc khảo", "phổ điểm")),
    ]
