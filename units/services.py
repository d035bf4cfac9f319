"""Every change with rules on units' preparation reports: one function each, called by views,
admin, demo and tests.

Unit staff act only for the unit of their ``UnitMembership`` (never one named by the request).
Nothing is deleted: a report update is a new version, a difficulty keeps every event (raised,
marked urgent, answered, closed). Errors are ``ServiceError`` (a ValidationError: a dict of
field → message where a field is at fault) or ``PermissionDenied``.
"""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst

from examportal.db import retry_on_lost_connection
from examportal.services import ServiceError
from examportal.text import normalize_text, person_name

from . import conf
from .models import (
    REPORT_DATES,
    REPORT_FIELDS,
    REPORT_NUMBERS,
    REPORT_TEXTS,
    Difficulty,
    DifficultyEvent,
    DifficultyKind,
    DifficultyStatus,
    PreparationReport,
    PreparationReportVersion,
)

logger = logging.getLogger(__name__)

SUBMIT_PERMISSION = "units.submit_report"
ANSWER_PERMISSION = "units.answer_difficulty"
VIEW_PERMISSION = "units.view_reports"
ARTICLE_PERMISSION = "units.create_preparation_article"
MAX_NUMBER = 100_000
NOTE_MAX = 500

# Set by the demo seeding, which should not mail anybody.
notifications_muted = False


def unit_of(user):
    """The unit a unit-staff account acts for, or None."""
    if not (user.is_authenticated and user.is_active and user.has_perm(SUBMIT_PERMISSION)):
        return None
    membership = getattr(user, "unit_membership", None)
    if membership is None or not membership.unit.is_active:
        return None
    return membership.unit


def _require_unit(user, unit):
    own = unit_of(user)
    if own is None:
        raise PermissionDenied("Tài khoản này chưa được giao cho đơn vị nào.")
    if own.pk != unit.pk:
        raise PermissionDenied("Bạn chỉ gửi và cập nhật báo cáo của đơn vị mình.")


def _when(value):
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def _label(name):
    return str(PreparationReport._meta.get_field(name).verbose_name)


def clean_text(value, label, errors, name, *, required=False, limit=None):
    text = normalize_text((value or "").strip()).replace("\r\n", "\n")
    limit = limit or conf.max_text_chars()
    if required and not text:
        errors[name] = f"Hãy nhập {label}."
    elif len(text) > limit:
        errors[name] = f"{capfirst(label)} dài quá {limit:,} ký tự.".replace(",", ".")
    return text


# --- Preparation reports ------------------------------------------------------------------------


def validate_report(data, *, year, today):
    """Check a report's figures together; return them cleaned or raise ServiceError."""
    errors, cleaned = {}, {}
    for name in REPORT_NUMBERS:
        label = _label(name)
        value = data.get(name)
        if value in (None, ""):
            value = 0
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[name] = f"{capfirst(label)} phải là một số nguyên."
            continue
        if value < 0:
            errors[name] = f"{capfirst(label)} không được là số âm."
        elif value > MAX_NUMBER:
            errors[name] = f"{capfirst(label)} quá lớn (tối đa 100.000)."
        else:
            cleaned[name] = value
    earliest = date(year - 1, 1, 1)
    for name in REPORT_DATES:
        label = _label(name)
        value = data.get(name) or None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                errors[name] = f"{capfirst(label)} không đúng dạng ngày (dd/mm/yyyy)."
                continue
        if value is not None and not isinstance(value, date):
            errors[name] = f"{capfirst(label)} không đúng dạng ngày (dd/mm/yyyy)."
            continue
        if value is not None and value > today:
            errors[name] = f"{capfirst(label)} chưa tới: chỉ báo cáo việc đã làm."
        elif value is not None and value < earliest:
            errors[name] = f"{capfirst(label)} quá xa so với kỳ thi năm {year}."
        else:
            cleaned[name] = value
    for name in REPORT_TEXTS:
        cleaned[name] = clean_text(data.get(name), _label(name), errors, name)
    if errors:
        raise ServiceError(errors)

    def at_most(names, limit_name, message):
        total = sum(cleaned[n] for n in names)
        if total > cleaned[limit_name]:
            errors.setdefault(names[-1] if len(names) == 1 else names[0], message.format(
                total=_n(total), limit=_n(cleaned[limit_name])))

    at_most(["informed_staff"], "staff_total",
            "Số CBQL, GV, NV được tuyên truyền ({total}) không thể nhiều hơn tổng số CBQL, GV, NV "
            "của đơn vị ({limit}).")
    at_most(["trained_managers", "trained_teachers", "trained_employees"], "staff_total",
            "Số CBQL, giáo viên, nhân viên được tập huấn cộng lại ({total}) không thể nhiều hơn "
            "tổng số CBQL, GV, NV của đơn vị ({limit}).")
    at_most(["informed_students"], "students_total",
            "Số học sinh được tuyên truyền ({total}) không thể nhiều hơn tổng số học sinh của đơn "
            "vị ({limit}).")
    at_most(["trained_students"], "students_total",
            "Số học sinh được phổ biến Quy chế thi ({total}) không thể nhiều hơn tổng số học sinh "
            "của đơn vị ({limit}).")
    at_most(["candidates_hardship"], "candidates_registered",
            "Số thí sinh có hoàn cảnh khó khăn ({total}) không thể nhiều hơn số thí sinh đăng ký "
            "dự thi ({limit}).")
    at_most(["candidates_far"], "candidates_registered",
            "Số thí sinh ở xa điểm thi ({total}) không thể nhiều hơn số thí sinh đăng ký dự thi "
            "({limit}).")
    in_need = min(cleaned["candidates_hardship"] + cleaned["candidates_far"],
                  cleaned["candidates_registered"])
    for name in ("lodging_covered", "meals_covered", "transport_covered"):
        if cleaned[name] > in_need and name not in errors:
            errors[name] = (
                f"{capfirst(_label(name))} ({_n(cleaned[name])}) không thể nhiều hơn số thí sinh "
                f"có hoàn cảnh khó khăn và ở xa điểm thi ({_n(in_need)}).")
    if (cleaned["informed_staff"] or cleaned["informed_students"] or cleaned["informed_parents"]) \
            and not cleaned["informed_on"]:
        errors.setdefault("informed_on", "Đã tuyên truyền thì hãy ghi ngày tuyên truyền.")
    if (cleaned["trained_managers"] or cleaned["trained_teachers"] or cleaned["trained_employees"]
            or cleaned["trained_students"]) and not cleaned["trained_on"]:
        errors.setdefault("trained_on", "Đã tập huấn thì hãy ghi ngày tập huấn.")
    if errors:
        raise ServiceError(errors)
    return cleaned


def _n(value):
    return f"{int(value):,}".replace(",", ".")


def snapshot(report):
    data = {}
    for name in REPORT_FIELDS:
        value = getattr(report, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    return data


def _version(report, user, now, note):
    return PreparationReportVersion.objects.create(
        report=report, number=report.version, saved_at=now, saved_by=user, note=note,
        data=snapshot(report))


def deadline_of(year):
    from .models import ReportingRound

    found = ReportingRound.objects.filter(year_id=getattr(year, "year", year)).first()
    return found.deadline if found else None


def save_report(*, user, unit, year, data, note="", expected_version=None, now=None):
    """Send a unit's report for ``year`` the first time, or update it (a new version).

    ``expected_version`` is the version the form showed: if someone else saved in between,
    nothing is saved and the message says who and when."""
    _require_unit(user, unit)
    now = now or timezone.now()
    figures = validate_report(data, year=year.year, today=timezone.localdate(now))
    errors = {}
    note = clean_text(note, "nội dung cập nhật", errors, "note", limit=NOTE_MAX)
    if errors:
        raise ServiceError(errors)
    try:
        return retry_on_lost_connection(_write_report, user, unit, year, figures, note,
                                        expected_version, now)
    except IntegrityError as exc:  # two first sendings at the same moment
        raise ServiceError("Đơn vị đã gửi báo cáo năm này: hãy mở báo cáo để cập nhật.") from exc


def _write_report(user, unit, year, figures, note, expected_version, now):
    """The first sending or an update, in the transaction retry_on_lost_connection opens."""
    report = PreparationReport.objects.select_for_update().filter(unit=unit, year=year).first()
    if report is None:
        if expected_version:
            raise ServiceError("Báo cáo của đơn vị không còn như lúc bạn mở trang.")
        with transaction.atomic():  # a savepoint: a concurrent first sending fails alone
            report = PreparationReport.objects.create(
                unit=unit, year=year, submitted_at=now, submitted_by=user, updated_at=now,
                updated_by=user, version=1, **figures)
        _version(report, user, now, note or "Gửi báo cáo lần đầu")
        return report
    if expected_version is not None and report.version != int(expected_version):
        who = person_name(report.updated_by, "người khác")
        raise ServiceError(
            f"Báo cáo đã được {who} cập nhật lúc {_when(report.updated_at)}, sau khi bạn mở "
            "trang. Số liệu bạn nhập chưa được lưu: hãy xem bản mới nhất rồi cập nhật lại.")
    if all(getattr(report, name) == value for name, value in figures.items()):
        raise ServiceError("Số liệu không khác phiên bản đang có: không có gì để cập nhật.")
    for name, value in figures.items():
        setattr(report, name, value)
    report.version += 1
    report.updated_at = now
    report.updated_by = user
    report.save()
    _version(report, user, now, note)
    return report


def version_changes(versions):
    """For versions newest first: [(version, [(label, before, after), ...])]."""
    versions = list(versions)
    result = []
    for index, version in enumerate(versions):
        previous = versions[index + 1].data if index + 1 < len(versions) else None
        changes = []
        for name in REPORT_FIELDS:
            after = version.data.get(name)
            before = previous.get(name) if previous is not None else None
            if previous is None or before != after:
                if previous is None and after in (0, "", None):
                    continue
                changes.append((_label(name), _show(before), _show(after)))
        result.append((version, changes))
    return result


def _show(value):
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


# --- Difficulties -------------------------------------------------------------------------------


def _event(difficulty, action, user, now, text=""):
    return DifficultyEvent.objects.create(difficulty=difficulty, action=action, at=now, by=user,
                                          text=text, status=difficulty.status)


def raise_difficulty(*, user, unit, year, kind, text, urgent=False, now=None):
    """A unit's difficulty, obstacle or proposal; urgent ones are mailed to the office."""
    _require_unit(user, unit)
    now = now or timezone.now()
    errors = {}
    if kind not in DifficultyKind.values:
        errors["kind"] = "Hãy chọn loại: khó khăn, vướng mắc hay đề xuất."
    text = clean_text(text, "nội dung", errors, "text", required=True)
    if errors:
        raise ServiceError(errors)
    return retry_on_lost_connection(_write_difficulty, user, unit, year, kind, text, urgent, now)


def _write_difficulty(user, unit, year, kind, text, urgent, now):
    difficulty = Difficulty.objects.create(
        unit=unit, year=year, kind=kind, text=text, is_urgent=bool(urgent),
        status=DifficultyStatus.OPEN, created_at=now, created_by=user, updated_at=now)
    _event(difficulty, DifficultyEvent.Action.RAISED, user, now, text)
    if urgent:
        _event(difficulty, DifficultyEvent.Action.URGENT, user, now)
        _mail_urgent_later(difficulty.pk)
    return difficulty


def _locked(difficulty):
    return Difficulty.objects.select_for_update().select_related("unit").get(pk=difficulty.pk)


def mark_urgent(*, user, difficulty, now=None):
    """The unit marks an open difficulty urgent: the office gets a mail."""
    _require_unit(user, difficulty.unit)
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(difficulty)
        if current.is_urgent:
            raise ServiceError("Nội dung này đã được đánh dấu khẩn.")
        if current.status == DifficultyStatus.CLOSED:
            raise ServiceError("Nội dung này đã đóng: hãy gửi nội dung mới.")
        current.is_urgent = True
        current.updated_at = now
        current.save(update_fields=["is_urgent", "updated_at"])
        _event(current, DifficultyEvent.Action.URGENT, user, now)
        _mail_urgent_later(current.pk)
    return current


def answer_difficulty(*, user, difficulty, text, now=None):
    """The department answers (or answers again: the earlier answer stays in the events)."""
    if not (user.is_active and user.has_perm(ANSWER_PERMISSION)):
        raise PermissionDenied("Bạn không có quyền trả lời khó khăn, đề xuất của đơn vị.")
    now = now or timezone.now()
    errors = {}
    text = clean_text(text, "nội dung trả lời", errors, "answer", required=True)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        current = _locked(difficulty)
        if current.status == DifficultyStatus.CLOSED:
            raise ServiceError("Nội dung này đã đóng: không trả lời thêm được.")
        if current.answer == text:
            raise ServiceError({"answer": "Nội dung trả lời giống câu trả lời đang có."})
        current.answer = text
        current.answered_at = now
        current.answered_by = user
        current.status = DifficultyStatus.ANSWERED
        current.updated_at = now
        current.save()
        _event(current, DifficultyEvent.Action.ANSWERED, user, now, text)
    return current


def ask_again(*, user, difficulty, text, now=None):
    """The unit is not done with the answer: it asks again and the entry waits for the
    department once more (the earlier answer stays, in the entry and its events)."""
    _require_unit(user, difficulty.unit)
    now = now or timezone.now()
    errors = {}
    text = clean_text(text, "nội dung hỏi thêm", errors, "text", required=True)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        current = _locked(difficulty)
        if current.status != DifficultyStatus.ANSWERED:
            raise ServiceError("Chỉ hỏi thêm sau khi Sở đã trả lời và trước khi đóng.")
        current.status = DifficultyStatus.OPEN
        current.updated_at = now
        current.save(update_fields=["status", "updated_at"])
        _event(current, DifficultyEvent.Action.REOPENED, user, now, text)
    return current


def close_difficulty(*, user, difficulty, now=None):
    """Closed once answered, by the unit (satisfied) or the department."""
    now = now or timezone.now()
    department = user.is_active and user.has_perm(ANSWER_PERMISSION)
    if not department:
        _require_unit(user, difficulty.unit)
    with transaction.atomic():
        current = _locked(difficulty)
        if current.status == DifficultyStatus.CLOSED:
            raise ServiceError("Nội dung này đã đóng.")
        if current.status != DifficultyStatus.ANSWERED:
            raise ServiceError("Chỉ đóng sau khi Sở đã trả lời.")
        current.status = DifficultyStatus.CLOSED
        current.updated_at = now
        current.save(update_fields=["status", "updated_at"])
        _event(current, DifficultyEvent.Action.CLOSED, user, now)
    return current


def _mail_urgent_later(pk):
    transaction.on_commit(lambda: mail_urgent(pk))


def mail_urgent(pk):
    """Mail the office that a unit marked a difficulty urgent. After the commit; a failing mail
    server is logged and swallowed (the difficulty is saved and shown to the department)."""
    if notifications_muted:
        return
    from django.conf import settings

    try:
        difficulty = Difficulty.objects.select_related("unit").get(pk=pk)
        recipients = conf.urgent_recipients()
        if not recipients:
            return
        context = {
            "difficulty": difficulty, "unit": difficulty.unit,
            "url": settings.SITE_URL + reverse("units:difficulty", kwargs={"pk": pk}),
        }
        subject = render_to_string("units/email/urgent_subject.txt", context).strip()
        body = render_to_string("units/email/urgent.txt", context)
        connection = get_connection(timeout=conf.get("MAIL_TIMEOUT_SECONDS"))
        EmailMessage(subject, body, to=recipients, connection=connection).send()
    except Exception:
        logger.exception("Urgent difficulty %s was not mailed.", pk)


# --- From figures to news -----------------------------------------------------------------------


def article_text(year, overview, now=None):
    """Title, lead and body (HTML) of a "Công tác chuẩn bị" article from the province totals."""
    now = now or timezone.now()
    t = overview.totals
    title = (f"Công tác chuẩn bị Kỳ thi tốt nghiệp THPT năm {year}: {_n(t['reported'])}/"
             f"{_n(t['units'])} đơn vị đã báo cáo, {_n(t['supported'])} thí sinh được hỗ trợ")
    lead = (
        f"Theo báo cáo của {_n(t['reported'])}/{_n(t['units'])} đơn vị, các trường THPT và trung tâm "
        f"GDNN-GDTX trên địa bàn tỉnh Lai Châu đã tuyên truyền về Kỳ thi tới "
        f"{_n(t['informed_students'])} học sinh, {_n(t['informed_parents'])} cha mẹ học sinh và "
        f"tổ chức hỗ trợ {_n(t['supported'])} thí sinh có hoàn cảnh khó khăn, ở xa điểm thi.")
    paragraphs = [
        f"Các đơn vị đã tuyên truyền, phổ biến về Kỳ thi tới {_n(t['informed_staff'])} cán bộ quản "
        f"lý, giáo viên, nhân viên, {_n(t['informed_students'])} học sinh và "
        f"{_n(t['informed_parents'])} cha mẹ học sinh.",
        f"Công tác tập huấn Quy chế thi đã được tổ chức cho {_n(t['trained_managers'])} cán bộ "
        f"quản lý, {_n(t['trained_teachers'])} giáo viên, {_n(t['trained_employees'])} nhân viên; "
        f"{_n(t['trained_students'])} học sinh được phổ biến Quy chế thi.",
        f"Toàn tỉnh có {_n(t['candidates_registered'])} thí sinh đăng ký dự thi tại các đơn vị đã "
        f"báo cáo, trong đó {_n(t['candidates_hardship'])} thí sinh có hoàn cảnh khó khăn và "
        f"{_n(t['candidates_far'])} thí sinh ở xa điểm thi. Các đơn vị đã bố trí chỗ ở cho "
        f"{_n(t['lodging_covered'])} thí sinh, hỗ trợ ăn uống cho {_n(t['meals_covered'])} thí sinh "
        f"và đưa đón, hỗ trợ đi lại cho {_n(t['transport_covered'])} thí sinh.",
    ]
    if t["open_difficulties"]:
        paragraphs.append(
            f"Sở GDĐT đang xem xét, giải quyết {_n(t['open_difficulties'])} khó khăn, vướng mắc, đề "
            "xuất của các đơn vị.")
    if t["missing"]:
        paragraphs.append(f"Còn {_n(t['missing'])} đơn vị chưa gửi báo cáo; số liệu sẽ được cập "
                          "nhật.")
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    body += f"<p><em>Số liệu tổng hợp đến {_when(now)}.</em></p>"
    return title, lead, body


def create_preparation_article(*, user, year, now=None):
    """A draft in the year's "Công tác chuẩn bị" section, for an editor to review and publish.
    Saved through ``news.services`` like any article an editor writes."""
    from news import services as news_services
    from news.models import Article, Column, SectionRole

    from .selectors import preparation_overview

    if not (user.is_active and user.has_perm(ARTICLE_PERMISSION)
            and user.has_perm("news.add_article")):
        raise PermissionDenied("Bạn không có quyền tạo bài viết từ số liệu chuẩn bị thi.")
    number = getattr(year, "year", year)
    column = Column.objects.filter(year=number).first()
    section = column.section_for(SectionRole.PREPARATION) if column else None
    if section is None:
        raise ServiceError(
            f"Chuyên mục năm {number} chưa có chuyên mục con nhận bài về công tác chuẩn bị: hãy "
            "chọn vai trò “Công tác chuẩn bị” cho một chuyên mục con.")
    overview = preparation_overview(number, now=now)
    if not overview.totals["reported"]:
        raise ServiceError("Chưa có đơn vị nào gửi báo cáo năm này: chưa có số liệu để viết bài.")
    title, lead, body = article_text(number, overview, now=now)
    with transaction.atomic():
        article = Article(section=section, title=title[:200], lead=lead, body=body,
                          source="Tổng hợp báo cáo của các đơn vị", byline="Sở GDĐT Lai Châu")
        news_services.save_article(article, user)
        news_services.record_revision(article, user, note="Tạo từ số liệu báo cáo chuẩn bị thi")
    return article
