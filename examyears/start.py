"""Exam years on the start page: key dates, opening next year (examportal.staffstart)."""

from examportal.staffstart import StartSection, admin_link


def section(user):
    links = [link for link in (
        admin_link(user, "Năm thi và các mốc thời gian", "admin:examyears_examyear_changelist",
                   "examyears.view_examyear"),
        admin_link(user, "Mở năm thi mới", "admin:examyears_examyear_open",
                   "examyears.open_exam_year"),
    ) if link]
    return StartSection("Năm thi", links, priority=90) if links else None
