"""The 2021 exam schedule (DESIGN.md, "Facts for demo data"; times from the Ministry's schedule).

Round 1: registration 6/7, tests 7–8/7, reserve day 9/7. Round 2 (candidates kept away by
COVID-19): tests 6–7/8/2021. A fact of the exam, not demo content, so every install has it:
migration 0002 creates it. Facts only: change nothing here but a correction of record.
"""

import datetime

T = datetime.time

# (round, kind, date, part_of_day, title, handout, start, minutes, note, components)
COMBINED = "Bài thi Khoa học tự nhiên / Khoa học xã hội"
COMPONENTS = [
    # name, handout, start, minutes
    ("Vật lí (KHTN) / Lịch sử (KHXH)", T(7, 30), T(7, 35), 50),
    ("Hóa học (KHTN) / Địa lí (KHXH)", T(8, 30), T(8, 35), 50),
    ("Sinh học (KHTN) / Giáo dục công dân (KHXH)", T(9, 30), T(9, 35), 50),
]
COMBINED_NOTE = "150 phút, gồm ba môn thành phần, mỗi môn 50 phút."


def sessions_of_round(rnd, first_day, with_registration, with_reserve):
    one = datetime.timedelta(days=1)
    day1 = first_day
    rows = []
    if with_registration:
        rows.append((rnd, "registration", day1 - one, "morning", "Làm thủ tục dự thi",
                     None, T(8, 0), None,
                     "Thí sinh đến phòng thi làm thủ tục, đính chính sai sót (nếu có), nghe "
                     "phổ biến Quy chế thi.", []))
    rows += [
        (rnd, "exam", day1, "morning", "Ngữ văn", T(7, 30), T(7, 35), 120, "", []),
        (rnd, "exam", day1, "afternoon", "Toán", T(14, 20), T(14, 30), 90, "", []),
        (rnd, "exam", day1 + one, "morning", COMBINED, T(7, 30), T(7, 35), 150, COMBINED_NOTE,
         COMPONENTS),
        (rnd, "exam", day1 + one, "afternoon", "Ngoại ngữ", T(14, 20), T(14, 30), 60, "", []),
    ]
    if with_reserve:
        rows.append((rnd, "reserve", day1 + 2 * one, "all_day", "Dự phòng", None, None, None,
                     "Ngày dự phòng của Kỳ thi.", []))
    return rows


SCHEDULE_2021 = (
    sessions_of_round(1, datetime.date(2021, 7, 7), with_registration=True, with_reserve=True)
    + sessions_of_round(2, datetime.date(2021, 8, 6), with_registration=False, with_reserve=False)
)


def create_2021_schedule(ExamSession, ExamComponent):
    """Create the 2021 sessions that are missing (idempotent). Takes the model classes, so that
    migration 0002 runs it on its historical models and tests on today's (after a flush)."""
    for position, row in enumerate(SCHEDULE_2021):
        rnd, kind, date, part, title, handout, start, minutes, note, components = row
        session, created = ExamSession.objects.get_or_create(
            year=2021, round=rnd, date=date, part_of_day=part, title=title,
            defaults={"kind": kind, "paper_handout_time": handout, "start_time": start,
                      "duration_minutes": minutes, "note": note, "position": position},
        )
        if created:
            for n, (name, c_handout, c_start, c_minutes) in enumerate(components, start=1):
                ExamComponent.objects.create(
                    session=session, position=n, name=name, paper_handout_time=c_handout,
                    start_time=c_start, duration_minutes=c_minutes)
