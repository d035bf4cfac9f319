"""Demo results (called by ``seed_demo``): 3,214 clearly sample candidates of 2021, numbers
07000001…07003214, with realistic score distributions, then their graduation outcome as a second
version. Released (2021's release time, 26/07/2021 00:00, is in the past). Seeded in bulk."""

import random
from decimal import Decimal

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


def seed(stdout):
    from news.models import Article

    from . import services
    from .models import ResultSet, ResultVersion

    exam_year = ExamYear.objects.filter(year=2021).first()
    if exam_year is None or ResultSet.objects.filter(exam_year=exam_year,
                                                     current_version__isnull=False).exists():
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
