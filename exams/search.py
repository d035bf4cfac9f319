"""The exams app's pages among the site search's key pages (``key_pages``, declared in
ExamsConfig.contributes): the schedule and the exam sites."""

from django.urls import reverse

from examportal.search import KeyPage


def key_pages():
    return [
        KeyPage("Lịch thi tốt nghiệp THPT", reverse("exams:schedule"),
                "Ngày, buổi, môn thi, giờ phát đề, giờ làm bài; tải lịch về điện thoại.",
                ("lịch thi", "lịch thi tốt nghiệp", "giờ thi", "ngày thi", "buổi thi", "môn thi",
                 "giờ phát đề", "thời gian làm bài")),
        KeyPage("Danh sách điểm thi", reverse("exams:site-list"),
                "Các điểm thi theo huyện, thành phố: địa chỉ, số phòng thi, số thí sinh.",
                ("điểm thi", "địa điểm thi", "danh sách điểm thi", "phòng thi", "hội đồng thi")),
    ]
