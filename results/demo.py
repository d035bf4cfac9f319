"""Demo results (called by ``seed_demo``): 3,214 clearly sample candidates of 2021, numbers
07000001…07003214, with realistic score distributions, then their graduation outcome as a second
version. Released (2021's release time, 26/07/2021 00:00, is in the past). Seeded in bulk."""

import random
from decimal import Decimal

from examportal.demo import demo_account
from examportal.roles import TESTING_OFFICE
from examyears.models import ExamYear

from .subjects import ABSENT, NOT_REGISTERED, SCORED, SUBJECT_KEYS, SUBJECTS, SUSPENDED, derived

COUNT = 3214
# Sample district codes (01…08, the province's eight districts in the usual order) and schools.
DISTRICTS = {"01": 0.16, "02": 0.12, "03": 0.13, "04": 0.12, "05": 0.08, "06": 0.16, "07": 0.14,
             "08": 0.09}
MEANS = {"toan": (6.1, 1.7), "van": (6.3, 1.3), "ngoai_ngu": (4.3, 1.6), "ly": (6.2, 1.5),
         "hoa": (5.9, 1.6), "sinh": (5.1, 1.2), "su": (4.9, 1.5), "dia": (6.3, 1.2),
         "gdcd": (7.9, 1.0)}
STEPS = {s.key: s.step for s in SUBJECTS}


def _score(rng, key):
    mean, sd = MEANS[key]
    step = STEPS[key]
    value = min(10.0, max(0.0, rng.gauss(mean, sd)))
    return (Decimal(round(value / float(step))) * step).quantize(Decimal("0.01"))


def generate(count=COUNT, seed=2021, council_code="07", start=1):
    """Clean rows (as importing.parse makes them) for ``count`` sample candidates."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    districts, weights = list(DISTRICTS), list(DISTRICTS.values())
    rows = []
    for n in range(start, start + count):
        district = rng.choices(districts, weights)[0]
        school = f"{district}{rng.randint(1, 4):02d}"
        natural = rng.random() < 0.3
        registered = {"toan", "van", *(("ly", "hoa", "sinh") if natural else ("su", "dia", "gdcd"))}
        language = ""
        if rng.random() < 0.93:
            registered.add("ngoai_ngu")
            language = "N1" if rng.random() < 0.97 else rng.choice(["N3", "N4"])
        scores, statuses = {}, []
        for key in SUBJECT_KEYS:
            if key not in registered:
                scores[key] = None
                statuses.append(NOT_REGISTERED)
                continue
            draw = rng.random()
            if draw < 0.008:
                scores[key], status = None, ABSENT
            elif draw < 0.0085:
                scores[key], status = None, SUSPENDED
            else:
                scores[key], status = _score(rng, key), SCORED
            statuses.append(status)
        row = {"number": f"{council_code}{n:06d}", "school_code": school, "district_code": district,
               "language_code": language, "statuses": "".join(statuses), "graduation": "",
               "before_remarking": None, **scores}
        row.update(derived(scores, language))
        rows.append(row)
    return rows


def graduation_of(row):
    """A plausible outcome: no paper at or below 1, no absence, a reasonable average."""
    values = [row[k] for k in SUBJECT_KEYS if row[k] is not None]
    if "V" in row["statuses"] or "D" in row["statuses"] or any(v <= 1 for v in values):
        return "truot"
    return "dat" if sum(values) / len(values) >= Decimal("4.2") else "truot"


DEMO_USERNAME = "khaothi"
DEMO_FULL_NAME = "Lò Thị Hương"
# Sample names for some of the sample school codes (the others show their code).
SCHOOL_NAMES = {"0101": "Trường THPT mẫu Thành phố 1", "0102": "Trường THPT mẫu Thành phố 2",
                "0201": "Trường THPT mẫu Tam Đường", "0301": "Trường THPT mẫu Phong Thổ",
                "0401": "Trường THPT mẫu Sìn Hồ", "0501": "Trường THPT mẫu Mường Tè",
                "0601": "Trường THPT mẫu Than Uyên", "0701": "Trường THPT mẫu Tân Uyên",
                "0801": "Trường THPT mẫu Nậm Nhùn"}
# Illustrative national figures (sample, not the Ministry's): candidates, mean, median, ≤1, <5,
# ≥8, 10s per subject.
NATIONAL = {"toan": (980000, "6.61", "6.80", 1100, 145000, 270000, 54),
            "van": (975000, "6.47", "6.75", 200, 140000, 165000, 0),
            "ngoai_ngu": (880000, "5.84", "5.40", 90, 370000, 150000, 3200),
            "ly": (320000, "6.56", "6.75", 40, 40000, 75000, 240),
            "hoa": (320000, "6.63", "7.00", 60, 45000, 95000, 470),
            "sinh": (320000, "5.51", "5.50", 30, 90000, 12000, 60),
            "su": (660000, "4.97", "4.75", 400, 360000, 28000, 100),
            "dia": (660000, "6.96", "7.00", 100, 27000, 160000, 200),
            "gdcd": (560000, "8.37", "8.50", 10, 2400, 440000, 11000)}


def seed_account():
    return demo_account(DEMO_USERNAME, DEMO_FULL_NAME, TESTING_OFFICE)


def seed_reference(exam_year):
    from .models import NationalFigure, SchoolName

    for code, name in SCHOOL_NAMES.items():
        SchoolName.objects.get_or_create(code=code, defaults={"name": name})
    for key, (count, mean, median, le1, lt5, ge8, tens) in NATIONAL.items():
        NationalFigure.objects.get_or_create(
            exam_year=exam_year, subject=key,
            defaults={"candidates": count, "mean": mean, "median": median, "le1": le1,
                      "lt5": lt5, "ge8": ge8, "tens": tens,
                      "source": "Số liệu mẫu để minh họa, không phải số liệu chính thức của Bộ."})


def seed(stdout):
    from news.models import Article

    from . import services
    from .models import ResultSet, ResultVersion

    seed_account()
    stdout.write(f"  {DEMO_USERNAME:<12} {TESTING_OFFICE:<14} {DEMO_FULL_NAME} — nhập kết quả thi "
                 "tại /ket-qua-thi/quan-ly/")
    exam_year = ExamYear.objects.filter(year=2021).first()
    if exam_year is None:
        return
    seed_reference(exam_year)
    if ResultSet.objects.filter(exam_year=exam_year, current_version__isnull=False).exists():
        return
    rows = generate()
    services.import_rows(user=None, exam_year=exam_year, rows=rows,
                         file_name="diem-thi-mau-2021.csv (dữ liệu mẫu)",
                         note="Dữ liệu mẫu, không phải điểm thật của thí sinh.")
    for row in rows:
        row["graduation"] = graduation_of(row)
    result_set = ResultSet.objects.get(exam_year=exam_year)
    services._new_version(result_set, kind=ResultVersion.Kind.GRADUATION, user=None,
                          note="Kết quả xét tốt nghiệp (dữ liệu mẫu).",
                          file_name="tot-nghiep-mau-2021.csv", rows=rows)
    guidance = Article.objects.filter(title="Hướng dẫn thí sinh nộp đơn phúc khảo bài thi").first()
    ResultSet.objects.filter(pk=result_set.pk).update(
        remarking_deadline="2021-08-04",
        remarking_url=guidance.get_absolute_url() if guidance else "")
    stdout.write(f"Kết quả thi mẫu năm 2021: {len(rows)} thí sinh (07000001…).")
