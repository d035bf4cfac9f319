"""The province's figures from one version of the results: per subject, per combination, per
district and school. A version never changes once stored, so its figures are computed once and
kept in the shared cache under the version's id."""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection

from exams.models import District

from .models import CandidateResult, NationalFigure, SchoolName
from .subjects import ABSENT, COMBINATIONS, SUBJECT_KEYS, SUBJECTS, SUSPENDED

TWO = Decimal("0.01")
# A version never changes: its figures may be kept as long as the cache keeps them.
CACHE_SECONDS = 30 * 24 * 3600


def _round(value):
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP) if value is not None else None


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mode(values):
    """The most frequent value; on a tie, the highest of them."""
    counts = Counter(values)
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def describe(values):
    n = len(values)
    return {"count": n, "mean": _round(sum(values) / n) if n else None,
            "median": _round(median(values)), "mode": mode(values)}


def _steps(step, top=Decimal(10)):
    value, out = Decimal(0), []
    while value <= top:
        out.append(value.quantize(TWO))
        value += step
    return out


def subject_row(subject, values, statuses):
    row = {"key": subject.key, "label": subject.label, **describe(values),
           "le1": sum(1 for v in values if v <= 1), "lt5": sum(1 for v in values if v < 5),
           "ge8": sum(1 for v in values if v >= 8), "tens": sum(1 for v in values if v == 10),
           "absent": statuses.count(ABSENT), "suspended": statuses.count(SUSPENDED)}
    counts = Counter(values)
    row["distribution"] = [(step, counts.get(step, 0)) for step in _steps(subject.step)]
    return row


def combination_row(combo, values):
    row = {"key": combo.key, "label": combo.label, "code": combo.code, **describe(values),
           "lt15": sum(1 for v in values if v < 15), "ge24": sum(1 for v in values if v >= 24),
           "ge27": sum(1 for v in values if v >= 27), "max": max(values) if values else None}
    bins = Counter(min(int(v), 29) for v in values)
    row["distribution"] = [(Decimal(b), bins.get(b, 0)) for b in range(30)]
    return row


def _areas(rows, key):
    groups = defaultdict(list)
    for row in rows:
        if row[key]:
            groups[row[key]].append(row)
    out = []
    for code in sorted(groups):
        members = groups[code]
        means = {}
        for subject in SUBJECTS:
            values = [r[subject.key] for r in members if r[subject.key] is not None]
            means[subject.key] = _round(sum(values) / len(values)) if values else None
        decided = [r["graduation"] for r in members if r["graduation"]]
        rate = (_round(Decimal(100) * decided.count("dat") / len(decided)) if decided else None)
        out.append({"code": code, "count": len(members), "means": [means[k] for k in SUBJECT_KEYS],
                    "graduation_rate": rate})
    return out


def compute(version_id):
    """The figures of one version: on PostgreSQL by two aggregate queries (a national-size version
    in seconds), elsewhere from its rows in Python; the same dict either way."""
    if connection.vendor == "postgresql":
        return compute_in_database(version_id)
    return compute_in_python(version_id)


def compute_in_python(version_id):
    fields = (*SUBJECT_KEYS, "statuses", *(c.key for c in COMBINATIONS), "district_code",
              "school_code", "graduation")
    rows = list(CandidateResult.objects.filter(version_id=version_id).values(*fields))
    subjects = []
    for index, subject in enumerate(SUBJECTS):
        values = [r[subject.key] for r in rows if r[subject.key] is not None]
        subjects.append(subject_row(subject, values, [r["statuses"][index] for r in rows]))
    combinations = [combination_row(c, [r[c.key] for r in rows if r[c.key] is not None])
                    for c in COMBINATIONS]
    decided = [r["graduation"] for r in rows if r["graduation"]]
    return {
        "candidates": len(rows),
        "subjects": subjects,
        "combinations": combinations,
        "districts": _areas(rows, "district_code"),
        "schools": _areas(rows, "school_code"),
        "graduation": {"decided": len(decided), "passed": decided.count("dat"),
                       "rate": _round(Decimal(100) * decided.count("dat") / len(decided))
                       if decided else None},
    }


# --- The same figures from aggregates (PostgreSQL) --------------------------------------------
# Every figure above depends only on how many rows have each value (a subject has at most 51
# values, a combination a few hundred), or, per district and school, on sums and counts: the
# database counts, Python applies the same definitions to the counts.

_COUNTED = (*SUBJECT_KEYS, *(c.key for c in COMBINATIONS), "statuses", "graduation")


def describe_counts(counts):
    """describe() of the values counted in ``counts`` ({value: rows})."""
    n = sum(counts.values())
    if not n:
        return {"count": 0, "mean": None, "median": None, "mode": None}
    ordered = sorted(counts.items())

    def nth(k):  # the k-th smallest value, from 0
        seen = 0
        for value, times in ordered:
            seen += times
            if k < seen:
                return value

    middle = n // 2
    centre = nth(middle) if n % 2 else (nth(middle - 1) + nth(middle)) / 2
    total = sum(value * times for value, times in ordered)
    return {"count": n, "mean": _round(total / n), "median": _round(centre),
            "mode": max(counts.items(), key=lambda item: (item[1], item[0]))[0]}


def _within(counts, test):
    return sum(times for value, times in counts.items() if test(value))


def subject_row_from_counts(subject, counts, absent, suspended):
    row = {"key": subject.key, "label": subject.label, **describe_counts(counts),
           "le1": _within(counts, lambda v: v <= 1), "lt5": _within(counts, lambda v: v < 5),
           "ge8": _within(counts, lambda v: v >= 8), "tens": _within(counts, lambda v: v == 10),
           "absent": absent, "suspended": suspended}
    row["distribution"] = [(step, counts.get(step, 0)) for step in _steps(subject.step)]
    return row


def combination_row_from_counts(combo, counts):
    row = {"key": combo.key, "label": combo.label, "code": combo.code, **describe_counts(counts),
           "lt15": _within(counts, lambda v: v < 15), "ge24": _within(counts, lambda v: v >= 24),
           "ge27": _within(counts, lambda v: v >= 27), "max": max(counts) if counts else None}
    bins = Counter()
    for value, times in counts.items():
        bins[min(int(value), 29)] += times
    row["distribution"] = [(Decimal(b), bins.get(b, 0)) for b in range(30)]
    return row


def _value_counts(cursor, version_id):
    """{column: {value: rows}} for every subject, combination, statuses and graduation: one
    scan (GROUPING SETS; GROUPING() tells which column a result row counts)."""
    columns = ", ".join(_COUNTED)
    cursor.execute(
        f"SELECT GROUPING({columns}), {columns}, COUNT(*) "  # noqa: S608 (model metadata)
        f"FROM {CandidateResult._meta.db_table} WHERE version_id = %s "
        f"GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in _COUNTED)})", [version_id])
    counts = {column: {} for column in _COUNTED}
    last = len(_COUNTED) - 1
    for mask, *values, times in cursor.fetchall():
        # GROUPING(): bit (last - i) is 0 for the column i the result row is grouped by.
        index = next(i for i in range(len(_COUNTED)) if not mask >> (last - i) & 1)
        counts[_COUNTED[index]][values[index]] = times
    return counts


def _area_sums(cursor, version_id):
    """[(district, school, rows, [(sum, count) per subject], decided, passed)] per pair of codes."""
    sums = ", ".join(f"SUM({k}), COUNT({k})" for k in SUBJECT_KEYS)
    cursor.execute(
        f"SELECT district_code, school_code, COUNT(*), {sums}, "  # noqa: S608 (model metadata)
        "COUNT(*) FILTER (WHERE graduation <> ''), COUNT(*) FILTER (WHERE graduation = 'dat') "
        f"FROM {CandidateResult._meta.db_table} WHERE version_id = %s "
        "GROUP BY district_code, school_code", [version_id])
    out = []
    for district, school, rows, *values in cursor.fetchall():
        pairs = [(values[2 * i], values[2 * i + 1]) for i in range(len(SUBJECT_KEYS))]
        out.append((district, school, rows, pairs, values[-2], values[-1]))
    return out


def _areas_from_sums(pairs, key_index):
    groups = {}
    for found in pairs:
        code = found[key_index]
        if not code:
            continue
        group = groups.setdefault(code, [0, [[0, 0] for _ in SUBJECT_KEYS], 0, 0])
        _, _, rows, sums, decided, passed = found
        group[0] += rows
        for into, (total, count) in zip(group[1], sums, strict=True):
            if count:
                into[0] += total
                into[1] += count
        group[2] += decided
        group[3] += passed
    out = []
    for code in sorted(groups):
        rows, sums, decided, passed = groups[code]
        out.append({"code": code, "count": rows,
                    "means": [_round(total / count) if count else None for total, count in sums],
                    "graduation_rate": _round(Decimal(100) * passed / decided) if decided
                    else None})
    return out


def compute_in_database(version_id):
    """compute() by two aggregate queries instead of loading the rows."""
    with connection.cursor() as cursor:
        counts = _value_counts(cursor, version_id)
        pairs = _area_sums(cursor, version_id)
    statuses = counts["statuses"]
    subjects = []
    for index, subject in enumerate(SUBJECTS):
        scored = {v: n for v, n in counts[subject.key].items() if v is not None}
        subjects.append(subject_row_from_counts(
            subject, scored, _within(statuses, lambda s, i=index: s[i] == ABSENT),
            _within(statuses, lambda s, i=index: s[i] == SUSPENDED)))
    combinations = [combination_row_from_counts(
        c, {v: n for v, n in counts[c.key].items() if v is not None}) for c in COMBINATIONS]
    graduation = counts["graduation"]
    decided = _within(graduation, bool)
    passed = graduation.get("dat", 0)
    return {
        "candidates": sum(statuses.values()),
        "subjects": subjects,
        "combinations": combinations,
        "districts": _areas_from_sums(pairs, 0),
        "schools": _areas_from_sums(pairs, 1),
        "graduation": {"decided": decided, "passed": passed,
                       "rate": _round(Decimal(100) * passed / decided) if decided else None},
    }


def statistics_for(version_id):
    key = f"results:stats:{version_id}"
    found = cache.get(key)
    if found is None:
        found = compute(version_id)
        cache.set(key, found, CACHE_SECONDS)
    return found


# --- Tables (the page's and the downloads') -------------------------------------------------------

def _n(value):
    return "" if value is None else (float(value) if isinstance(value, Decimal) else value)


def tables(stats, names=None, national=None):
    """{slug: (title, rows)} with the header first: every table the page shows, as data.
    ``names``: {school code: name}; ``national``: {subject key: NationalFigure}."""
    subject_rows = [["Môn", "Số bài thi", "Điểm trung bình", "Trung vị", "Điểm nhiều nhất",
                     "≤ 1 (điểm liệt)", "Dưới 5", "Từ 8 trở lên", "Điểm 10", "Vắng thi",
                     "Đình chỉ"]]
    for r in stats["subjects"]:
        subject_rows.append([r["label"], r["count"], _n(r["mean"]), _n(r["median"]), _n(r["mode"]),
                             r["le1"], r["lt5"], r["ge8"], r["tens"], r["absent"], r["suspended"]])
    combo_rows = [["Tổ hợp", "Số thí sinh", "Tổng điểm trung bình", "Trung vị", "Tổng nhiều nhất",
                   "Dưới 15", "Từ 24 trở lên", "Từ 27 trở lên", "Cao nhất"]]
    for r in stats["combinations"]:
        combo_rows.append([r["label"], r["count"], _n(r["mean"]), _n(r["median"]), _n(r["mode"]),
                           r["lt15"], r["ge24"], r["ge27"], _n(r["max"])])
    spread = [["Môn / tổ hợp", "Điểm", "Số thí sinh"]]
    for r in stats["subjects"]:
        spread += [[r["label"], _n(score), count] for score, count in r["distribution"]]
    for r in stats["combinations"]:
        spread += [[r["code"], f"{int(score)}–{int(score) + 1}", count]
                   for score, count in r["distribution"]]
    area_header = ["Số thí sinh", *(s.label for s in SUBJECTS), "Tỉ lệ đỗ tốt nghiệp (%)"]
    names = names or {}
    districts = [["Huyện", *area_header]] + [
        [district_name(a["code"]), a["count"], *map(_n, a["means"]), _n(a["graduation_rate"])]
        for a in stats["districts"]]
    schools = [["Trường", *area_header]] + [
        [names.get(a["code"]) or f"Mã {a['code']}", a["count"], *map(_n, a["means"]),
         _n(a["graduation_rate"])]
        for a in stats["schools"]]
    out = {
        "mon-thi": ("Thống kê theo môn", subject_rows),
        "to-hop": ("Thống kê theo tổ hợp", combo_rows),
        "pho-diem": ("Phổ điểm", spread),
        "huyen": ("Điểm trung bình theo huyện", districts),
        "truong": ("Điểm trung bình theo trường", schools),
    }
    if national:
        out["ca-nuoc"] = ("So sánh với cả nước", national_rows(stats, national))
    return out


# Codes of the province's districts in the score files (the Ministry's order), to the names of
# exams.models.District.
DISTRICT_CODES = {f"{n:02d}": d for n, d in enumerate(District, start=1)}


def district_name(code):
    """The district's name for its code in the file ("01" or "tp-lai-chau"), else the code."""
    found = DISTRICT_CODES.get(code) or next((d for d in District if d.value == code), None)
    return found.label if found else f"Mã {code}"


def national_rows(stats, national):
    """The province's figures per subject beside the country's, as percentages too."""
    header = ["Môn", "Số bài thi (Lai Châu)", "Số bài thi (cả nước)",
              "Điểm trung bình (Lai Châu)", "Điểm trung bình (cả nước)",
              "Trung vị (Lai Châu)", "Trung vị (cả nước)",
              "≤ 1 (Lai Châu)", "≤ 1 (cả nước)", "Dưới 5 (Lai Châu, %)", "Dưới 5 (cả nước, %)",
              "Từ 8 (Lai Châu, %)", "Từ 8 (cả nước, %)", "Điểm 10 (Lai Châu)", "Điểm 10 (cả nước)"]
    rows = [header]
    for r in stats["subjects"]:
        n = national.get(r["key"])
        if n is None:
            continue
        rows.append([r["label"], r["count"], n.candidates, _n(r["mean"]), float(n.mean),
                     _n(r["median"]), float(n.median), r["le1"], n.le1,
                     _n(_percent(r["lt5"], r["count"])), _n(_percent(n.lt5, n.candidates)),
                     _n(_percent(r["ge8"], r["count"])), _n(_percent(n.ge8, n.candidates)),
                     r["tens"], n.tens])
    return rows


def _percent(part, whole):
    return _round(Decimal(100) * part / whole) if whole else None


def page_tables(stats, year):
    """tables() with the names staff entered and the national figures of the year: two
    queries, whatever the number of schools or subjects."""
    codes = [a["code"] for a in stats["schools"]]
    names = dict(SchoolName.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    national = {f.subject: f for f in NationalFigure.objects.filter(exam_year_id=year)}
    return tables(stats, names=names, national=national)
