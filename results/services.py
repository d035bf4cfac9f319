"""State changes of the results: staging an upload, confirming it (one transaction, bulk),
correcting one candidate, restoring a version, setting the release time, drafting the article.
Every change is written to the results' audit trail (AuditEntry)."""

import json
from decimal import Decimal
from operator import itemgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from examportal import pagecache

from . import importing
from .models import (
    AuditEntry,
    CandidateResult,
    PendingImport,
    PendingRow,
    ResultSet,
    ResultVersion,
    SchoolName,
)
from .subjects import ABSENT, BY_KEY, COMBINATIONS, NOT_REGISTERED, SCORED, SUBJECT_KEYS, SUSPENDED, derived

IMPORT_PERMISSION = "results.import_results"
RELEASE_PERMISSION = "results.release_results"
ARTICLE_PERMISSION = "results.create_results_article"

ROW_FIELDS = ("number", "school_code", "district_code", *SUBJECT_KEYS, "language_code", "statuses",
              *(c.key for c in COMBINATIONS), "khtn", "khxh", "graduation", "before_remarking")
assert importing.ScoreRows.FIELDS == ROW_FIELDS
BATCH = 5000
PROGRESS_EVERY = 20000
STAGING_TEXT = "Đang ghi các dòng đã kiểm tra"


def _require(user, perm, message):
    if not (user and user.is_active and user.has_perm(perm)):
        raise PermissionDenied(message)


def require_import(user):
    _require(user, IMPORT_PERMISSION, "Bạn không có quyền nhập kết quả thi.")


def result_set_for(exam_year):
    result_set, _ = ResultSet.objects.get_or_create(exam_year=exam_year)
    return result_set


def audit(result_set, action, user, detail="", version=None):
    return AuditEntry.objects.create(result_set=result_set, action=action, user=user,
                                     detail=detail, version=version)


# --- Staging an upload (nothing of the results is stored) --------------------------------------

def stage_upload(*, user, exam_year, name, data, drop_personal=False, graduation=False, note="",
                 progress=None):
    """Parse and check a file. Returns (Parsed, PendingImport or None); a PendingImport (the
    cleaned rows as PendingRow, for the confirm step) is made only when every row is valid.
    ``progress(done, total, text)`` is called as rows are checked and staged (results.jobs)."""
    _require(user, IMPORT_PERMISSION, "Bạn không có quyền nhập kết quả thi.")
    result_set = result_set_for(exam_year)
    if graduation and result_set.current_version_id is None:
        raise importing.FileRefused("Chưa có điểm thi: hãy nhập tệp điểm trước kết quả tốt nghiệp.")
    options = {"council_code": exam_year.council_code, "drop_personal": drop_personal,
               "progress": progress}
    if not graduation and connection.vendor == "postgresql":
        parsed, pending = _check_and_stage(result_set, user, name, data, note, options, progress)
        _audit_upload(result_set, user, name, parsed)
        return parsed, pending
    parsed = importing.parse(name, data, graduation=graduation, **options)
    pending = None
    if graduation and parsed.ok:
        known = set(CandidateResult.objects.filter(version_id=result_set.current_version_id)
                    .values_list("number", flat=True))
        for line, row in enumerate(parsed.rows, start=2):
            if row["number"] not in known:
                parsed.problems.append(importing.Problem(
                    line, "Số báo danh", f"Số báo danh {row['number']} không có trong kết quả thi."))
    if parsed.ok:
        pending = _stage(result_set, user, name, note, parsed, graduation, progress)
    _audit_upload(result_set, user, name, parsed)
    return parsed, pending


def _audit_upload(result_set, user, name, parsed):
    detail = f"{name}: {len(parsed.rows)} dòng, {len(parsed.problems)} lỗi"
    if parsed.dropped:
        detail += "; bỏ các cột " + ", ".join(parsed.dropped)
    audit(result_set, AuditEntry.Action.UPLOADED, user, detail)


class _NotStaged(Exception):
    def __init__(self, parsed):
        super().__init__()
        self.parsed = parsed


def _check_and_stage(result_set, user, name, data, note, options, progress):
    """A score file on PostgreSQL: its rows are sent to the staging table (COPY) as they are
    checked, the database writing them on the other core while the rest of the file is read.
    A problem stops the sending and, at the end, rolls the transaction back: nothing staged."""
    from psycopg.copy import QueuedLibpqWriter

    columns = ", ".join(("pending_id", *ROW_FIELDS))
    sql = f"COPY {PendingRow._meta.db_table} ({columns}) FROM STDIN"  # noqa: S608 (model metadata)
    try:
        with transaction.atomic():
            pending = PendingImport.objects.create(
                result_set=result_set, file_name=name[:200], note=note[:500],
                kind=ResultVersion.Kind.IMPORT, created_by=user)
            connection.ensure_connection()
            with (connection.connection.cursor() as cursor,
                  cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy):

                def send(parsed, start, stop):
                    if parsed.ok:
                        for text in parsed.rows.copy_text(pending.pk, start, stop):
                            copy.write(text)

                parsed = importing.parse(name, data, checked=send, **options)
                if not parsed.ok:
                    raise _NotStaged(parsed)
                if progress:
                    progress(len(parsed.rows), len(parsed.rows), STAGING_TEXT)
            pending.row_count, pending.dropped = len(parsed.rows), parsed.dropped
            pending.save(update_fields=["row_count", "dropped"])
    except _NotStaged as refused:
        return refused.parsed, None
    return parsed, pending


def _stage(result_set, user, name, note, parsed, graduation, progress=None):
    """The checked rows as PendingRow, in one transaction (a failure leaves no staged file)."""
    with transaction.atomic():
        pending = PendingImport.objects.create(
            result_set=result_set, file_name=name[:200], note=note[:500],
            kind=ResultVersion.Kind.GRADUATION if graduation else ResultVersion.Kind.IMPORT,
            row_count=len(parsed.rows), dropped=parsed.dropped, created_by=user)
        _copy_rows(PendingRow, "pending_id", pending.pk, parsed.rows, progress=progress)
    return pending


def _drop_staged(pending):
    """The staged rows in one statement (the ORM would load each row to send its signals), then
    the staged upload."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PendingRow._meta.db_table} WHERE pending_id = %s",  # noqa: S608
                       [pending.pk])
    PendingImport.objects.filter(pk=pending.pk).delete()


def discard(pending):
    """Drop a staged upload and its rows (nothing of the results changes)."""
    with transaction.atomic():
        _locked(pending.result_set)
        _drop_staged(pending)


# --- Versions --------------------------------------------------------------------------------------

def _insert_rows(version, rows):
    """Store rows of a new version in bulk (seeding, corrections, restores)."""
    _copy_rows(CandidateResult, "version_id", version.pk, rows)


_DEFAULTS = {"school_code": "", "district_code": "", "language_code": "", "graduation": "",
             "statuses": NOT_REGISTERED * len(SUBJECT_KEYS), "before_remarking": None,
             **{name: None for name in ROW_FIELDS if name not in (
                 "number", "school_code", "district_code", "language_code", "graduation",
                 "statuses", "before_remarking")}}
_FIELDS = itemgetter(*ROW_FIELDS)
_REMARKING = ROW_FIELDS.index("before_remarking")


def _values(owner, row):
    """One row as the table's columns, owner first (None for an empty text column becomes "")."""
    values = [owner, *_FIELDS({**_DEFAULTS, **{k: v for k, v in row.items() if v is not None}})]
    if values[_REMARKING + 1] is not None:
        values[_REMARKING + 1] = json.dumps(values[_REMARKING + 1])
    return values


def _copy_rows(model, owner_column, owner, rows, progress=None):
    """Rows into ``model``'s table in bulk: PostgreSQL COPY, elsewhere one prepared INSERT run
    over every batch of rows (executemany), never a row-by-row ORM loop."""
    table = model._meta.db_table
    columns = [owner_column, *ROW_FIELDS]
    total = len(rows)
    if connection.vendor == "postgresql" and isinstance(rows, importing.ScoreRows):
        # A checked score file: its rows as COPY text, a chunk at a time (no value per cell),
        # sent by a thread of psycopg's while the next chunk is formatted.
        from psycopg.copy import QueuedLibpqWriter

        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (model metadata)
        connection.ensure_connection()
        with (connection.connection.cursor() as cursor,
              cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy):
            done = 0
            for text in rows.copy_text(owner, chunk=PROGRESS_EVERY):
                copy.write(text)
                done = min(done + PROGRESS_EVERY, total)
                if progress:
                    progress(done, total, STAGING_TEXT)
        return
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (model metadata)
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for index, row in enumerate(rows, start=1):
                copy.write_row(_values(owner, row))
                if progress and not index % PROGRESS_EVERY:
                    progress(index, total, STAGING_TEXT)
        return
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (model metadata)
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for start in range(0, total, BATCH):
            cursor.executemany(sql, [_values(owner, row) for row in rows[start:start + BATCH]])
            if progress:
                progress(min(start + BATCH, total), total, STAGING_TEXT)


def _insert_from_pending(version, pending):
    """The staged rows of a score file into the new version: one INSERT … SELECT."""
    table = CandidateResult._meta.db_table
    staged = PendingRow._meta.db_table
    fields = ", ".join(ROW_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (version_id, {fields}) "  # noqa: S608 (model metadata)
                       f"SELECT %s, {fields} FROM {staged} WHERE pending_id = %s",
                       [version.pk, pending.pk])


def _merge_graduation(version, pending, current_version_id):
    """The current version's rows into the new version, with the staged graduation outcomes
    where the file gives one: one INSERT … SELECT."""
    table = CandidateResult._meta.db_table
    staged = PendingRow._meta.db_table
    chosen = ", ".join("COALESCE(NULLIF(p.graduation, ''), c.graduation)" if name == "graduation"
                       else f"c.{name}" for name in ROW_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (version_id, {', '.join(ROW_FIELDS)}) "  # noqa: S608 (model metadata)
            f"SELECT %s, {chosen} FROM {table} c LEFT JOIN {staged} p "
            "ON p.pending_id = %s AND p.number = c.number WHERE c.version_id = %s",
            [version.pk, pending.pk, current_version_id])


def _new_version(result_set, *, kind, user, note="", file_name="", rows=None, fill=None,
                 row_count=None):
    """A new version, made current: its rows from ``rows`` (in bulk) or by ``fill(version)``."""
    number = (result_set.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResultVersion.objects.create(
        result_set=result_set, number=number, kind=kind, note=note[:500],
        file_name=file_name[:200], row_count=len(rows) if row_count is None else row_count,
        created_by=user)
    if fill is None:
        _insert_rows(version, rows)
    else:
        fill(version)
    ResultSet.objects.filter(pk=result_set.pk).update(current_version=version)
    result_set.current_version = version
    return version


def _locked(result_set):
    return ResultSet.objects.select_for_update().get(pk=result_set.pk)


def _rows_of(version_id):
    return list(CandidateResult.objects.filter(version_id=version_id).order_by("number")
                .values(*ROW_FIELDS))


def confirm_import(*, user, pending):
    """Store a staged upload as a new version, all or nothing, and make it current."""
    _require(user, IMPORT_PERMISSION, "Bạn không có quyền nhập kết quả thi.")
    with transaction.atomic():
        result_set = _locked(pending.result_set)
        if not PendingImport.objects.filter(pk=pending.pk).exists():
            raise PendingImport.DoesNotExist("Tệp chờ xác nhận không còn (đã lưu hoặc đã hủy).")
        if pending.kind == ResultVersion.Kind.GRADUATION:
            current = result_set.current_version_id
            version = _new_version(
                result_set, kind=pending.kind, user=user, note=pending.note,
                file_name=pending.file_name,
                row_count=CandidateResult.objects.filter(version_id=current).count(),
                fill=lambda version: _merge_graduation(version, pending, current))
        else:
            version = _new_version(result_set, kind=pending.kind, user=user, note=pending.note,
                                   file_name=pending.file_name, row_count=pending.row_count,
                                   fill=lambda version: _insert_from_pending(version, pending))
        detail = f"{pending.file_name}: {version.row_count} thí sinh"
        if pending.dropped:
            detail += "; đã bỏ các cột " + ", ".join(pending.dropped)
        audit(result_set, AuditEntry.Action.CONFIRMED, user, detail, version)
        _drop_staged(pending)
    _analyze()
    return version


def _analyze():
    """Fresh planner statistics after a bulk load on PostgreSQL, so the first lookups after a
    large import use the (version, number) index at once instead of waiting for autovacuum."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CandidateResult._meta.db_table}")


def import_rows(*, user, exam_year, rows, file_name="", note=""):
    """Store already-checked rows directly as a version (seeding, the benchmark)."""
    with transaction.atomic():
        result_set = _locked(result_set_for(exam_year))
        version = _new_version(result_set, kind=ResultVersion.Kind.IMPORT, user=user, note=note,
                               file_name=file_name, rows=rows)
        audit(result_set, AuditEntry.Action.CONFIRMED, user,
              f"{file_name or 'dữ liệu'}: {len(rows)} thí sinh", version)
    return version


def parse_score_input(text, key):
    """One score as typed in the correction form: (status, value)."""
    subject = BY_KEY[key]
    status, value, error = importing._score(text, subject)
    if error:
        raise ValidationError({key: error})
    return status, value


def correct_candidate(*, user, result_set, number, changes, reason):
    """Change one candidate's scores (after re-marking): a new version with that row changed.
    ``changes`` is {subject key: text as typed}. The old scores are kept as "before re-marking"."""
    _require(user, IMPORT_PERMISSION, "Bạn không có quyền sửa kết quả thi.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do sửa điểm (ví dụ: kết quả phúc khảo)."})
    with transaction.atomic():
        result_set = _locked(result_set)
        rows = _rows_of(result_set.current_version_id)
        row = next((r for r in rows if r["number"] == number), None)
        if row is None:
            raise ValidationError({"number": f"Không có số báo danh {number} trong kết quả."})
        statuses = list(row["statuses"])
        before = dict(row["before_remarking"] or {})
        changed = []
        for key, text in changes.items():
            status, value = parse_score_input(text, key)
            index = SUBJECT_KEYS.index(key)
            if status == statuses[index] and value == row[key]:
                continue
            before.setdefault(key, _shown(statuses[index], row[key]))
            changed.append(f"{BY_KEY[key].label}: {_shown(statuses[index], row[key])} → "
                           f"{_shown(status, value)}")
            statuses[index] = status
            row[key] = value
        if not changed:
            raise ValidationError("Không có điểm nào thay đổi.")
        row["statuses"] = "".join(statuses)
        row["before_remarking"] = before
        row.update(derived({k: row[k] for k in SUBJECT_KEYS}, row["language_code"]))
        version = _new_version(result_set, kind=ResultVersion.Kind.CORRECTION, user=user,
                               note=f"{number}: {reason}", rows=rows)
        audit(result_set, AuditEntry.Action.CORRECTED, user,
              f"SBD {number} — {'; '.join(changed)} — lý do: {reason}", version)
    return version


def _shown(status, value):
    if status == SCORED:
        return f"{value:.2f}".rstrip("0").rstrip(".") if value is not None else ""
    return {ABSENT: "vắng", SUSPENDED: "đình chỉ", NOT_REGISTERED: "không đăng ký"}[status]


def restore_version(*, user, version, reason=""):
    """Publish an earlier version again: a new version with its rows (history is kept)."""
    _require(user, IMPORT_PERMISSION, "Bạn không có quyền khôi phục kết quả thi.")
    with transaction.atomic():
        result_set = _locked(version.result_set)
        rows = _rows_of(version.pk)
        new = _new_version(result_set, kind=ResultVersion.Kind.RESTORE, user=user,
                           note=f"Khôi phục phiên bản {version.number}. {reason}".strip(),
                           rows=rows)
        audit(result_set, AuditEntry.Action.RESTORED, user,
              f"Khôi phục phiên bản {version.number} thành phiên bản {new.number}. {reason}".strip(),
              new)
    return new


def compare_versions(old, new, limit=500):
    """Rows that differ between two versions: [(number, [(label, before, after)])]."""
    fields = ("number", *SUBJECT_KEYS, "statuses", "language_code", "graduation")
    before = {r["number"]: r for r in CandidateResult.objects.filter(version=old).values(*fields)}
    after = {r["number"]: r for r in CandidateResult.objects.filter(version=new).values(*fields)}
    out = []
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        if a is None or b is None:
            out.append((number, [("Thí sinh", "có" if a else "không có", "có" if b else "không có")]))
            continue
        diffs = []
        for index, key in enumerate(SUBJECT_KEYS):
            sa, sb = a["statuses"][index], b["statuses"][index]
            if sa != sb or a[key] != b[key]:
                diffs.append((BY_KEY[key].label, _shown(sa, a[key]), _shown(sb, b[key])))
        if a["graduation"] != b["graduation"]:
            diffs.append(("Tốt nghiệp", a["graduation"] or "chưa xét", b["graduation"] or "chưa xét"))
        if diffs:
            out.append((number, diffs))
        if len(out) >= limit:
            break
    return out


# --- Reference data: school names ---------------------------------------------------------------

def import_school_names(*, user, data):
    """Add or rename schools from a CSV of ``code,name`` lines, all or nothing. Returns
    (added, renamed). A header line (Mã trường, Tên trường) is skipped."""
    import csv

    if not (user and user.has_perms(["results.add_schoolname", "results.change_schoolname"])):
        raise PermissionDenied("Bạn không có quyền nhập tên trường.")
    try:
        table = importing._read_csv(data)
    except csv.Error as exc:
        raise ValidationError("Không đọc được tệp CSV.") from exc
    names, errors = {}, []
    for line, cells in enumerate(table, start=1):
        cells = [str(c).strip() for c in cells]
        if not any(cells):
            continue
        if line == 1 and importing.header_key(cells[0]) in ("matruong", "ma", "code", "truong"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            errors.append(f"dòng {line}: cần hai cột, mã trường và tên trường")
        elif len(cells[0]) > 10 or not cells[0].isalnum():
            errors.append(f"dòng {line}: mã trường “{cells[0][:20]}” không hợp lệ (tối đa 10 chữ "
                          "và số)")
        elif len(cells[1]) > 200 or any(c in cells[1] for c in "<>") or cells[1][0] in "=+-@":
            errors.append(f"dòng {line}: tên trường không hợp lệ (tối đa 200 ký tự, không có "
                          "dấu < > và không bắt đầu bằng = + - @)")
        elif cells[0] in names:
            errors.append(f"dòng {line}: mã trường {cells[0]} lặp lại")
        else:
            names[cells[0]] = cells[1]
    if errors:
        more = f" và {len(errors) - 5} lỗi khác" if len(errors) > 5 else ""
        raise ValidationError("Tệp có lỗi, chưa lưu gì: " + "; ".join(errors[:5]) + more + ".")
    if not names:
        raise ValidationError("Tệp không có dòng nào.")
    with transaction.atomic():
        existing = dict(SchoolName.objects.filter(code__in=names).values_list("code", "name"))
        SchoolName.objects.bulk_create(
            [SchoolName(code=c, name=n) for c, n in names.items() if c not in existing])
        renamed = [SchoolName(code=c, name=n) for c, n in names.items()
                   if c in existing and existing[c] != n]
        for school in renamed:
            SchoolName.objects.filter(code=school.code).update(name=school.name)
        # Bulk writes send no model signals: the statistics pages name schools, drop them.
        pagecache.content_changed()
        added = len(names) - len(existing)
        audit(None, AuditEntry.Action.SCHOOL_NAMES, user,
              f"{added} trường mới, {len(renamed)} trường đổi tên")
    return added, len(renamed)


# --- Release --------------------------------------------------------------------------------------

def set_release_time(*, user, exam_year, moment):
    """Set (or move) the moment the year's results become public, with no button at that time."""
    _require(user, RELEASE_PERMISSION, "Bạn không có quyền đặt giờ công bố kết quả.")
    with transaction.atomic():
        previous = exam_year.results_release_at
        exam_year.results_release_at = moment
        exam_year.save(update_fields=["results_release_at"])
        audit(result_set_for(exam_year), AuditEntry.Action.RELEASE_SET, user,
              f"Giờ công bố: {_when(previous)} → {_when(moment)}")


def _when(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S %d/%m/%Y") if moment else "chưa đặt"


# --- The results article ------------------------------------------------------------------------

def create_results_article(*, user, exam_year):
    """A draft "Kết quả Kỳ thi…" article in the year's "Kết quả thi" section, from the
    statistics, for an editor to review and publish (feeds and alerts follow the article)."""
    from django.urls import reverse
    from django.utils.html import escape

    from news import services as news_services
    from news.models import Article, Column, SectionRole

    from .statistics import statistics_for

    _require(user, ARTICLE_PERMISSION, "Bạn không có quyền tạo bài viết từ kết quả thi.")
    if not user.has_perm("news.add_article"):
        raise PermissionDenied("Bạn không có quyền tạo bài viết.")
    result_set = ResultSet.objects.filter(exam_year=exam_year).first()
    if not result_set or not result_set.current_version_id:
        raise ValidationError("Chưa có kết quả thi để viết bài.")
    column = Column.objects.filter(year=exam_year.year).first()
    section = column.section_for(SectionRole.RESULTS) if column else None
    if section is None:
        raise ValidationError(f"Chuyên mục năm {exam_year.year} chưa có chuyên mục con “Kết quả "
                              "thi”: hãy chọn vai trò này cho một chuyên mục con.")
    stats = statistics_for(result_set.current_version_id)
    title = f"Kết quả {exam_year.title}"
    lead = (f"Tỉnh Lai Châu có {stats['candidates']:,} thí sinh có kết quả thi".replace(",", ".")
            + "; thí sinh tra cứu điểm bằng số báo danh trên cổng.")
    paragraphs = []
    for row in stats["subjects"]:
        if row["count"]:
            paragraphs.append(
                f"Môn {row['label']}: {row['count']} thí sinh, điểm trung bình {_vn(row['mean'])}, "
                f"trung vị {_vn(row['median'])}; {row['le1']} bài điểm liệt (≤ 1), "
                f"{row['ge8']} bài từ 8 điểm trở lên, {row['tens']} điểm 10.")
    for row in stats["combinations"]:
        if row["count"]:
            paragraphs.append(f"Tổ hợp {row['label']}: {row['count']} thí sinh, tổng điểm trung bình "
                              f"{_vn(row['mean'])}.")
    lookup = reverse("results:lookup", kwargs={"year": exam_year.year})
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    body += (f'<p>Tra cứu điểm và xem thống kê đầy đủ: <a href="{lookup}">tra cứu kết quả thi</a>, '
             f'<a href="{lookup}thong-ke/">thống kê điểm thi năm {exam_year.year}</a>.</p>')
    with transaction.atomic():
        article = Article(section=section, title=title[:200], lead=lead, body=body,
                          source="Số liệu kết quả thi của Sở GDĐT", byline="Sở GDĐT Lai Châu")
        news_services.save_article(article, user)
        news_services.record_revision(article, user, note="Tạo từ số liệu kết quả thi")
        ResultSet.objects.filter(pk=result_set.pk).update(article=article)
        audit(result_set, AuditEntry.Action.ARTICLE, user, f"Bản nháp “{article.title}”")
    return article


def _vn(value):
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}".replace(".", ",")
