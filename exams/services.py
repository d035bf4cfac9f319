"""Every change with rules on exam days: one function each, called by views, admin and demo.

They check who may do it, validate the figures with clear Vietnamese messages and save all or
nothing. They raise ``PermissionDenied`` or ``ValidationError`` (a dict of field → messages
where a field is at fault, so a form shows the message beside it). A site's report (first or
corrected) whose database connection dies before the commit is written again once on a fresh
connection (``examportal.db.retry_on_lost_connection``); the one-report-per-site constraint and
the expected version keep it from being filed twice.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape

from examportal.db import retry_on_lost_connection
from examportal.text import person_name

from . import clock
from .formatting import vn_number, vn_percent
from .models import (
    REPORT_FIELDS,
    REPORT_NUMBERS,
    ExamSession,
    SessionReport,
    SessionReportVersion,
    Severity,
)

SUBMIT_PERMISSION = "exams.submit_report"
ARTICLE_PERMISSION = "exams.create_session_article"


def site_of(user):
    """The exam site a site-staff account acts for, or None."""
    if not (user.is_authenticated and user.is_active and user.has_perm(SUBMIT_PERMISSION)):
        return None
    membership = getattr(user, "exam_site_membership", None)
    return membership.site if membership else None


def _require_site(user, site):
    own = site_of(user)
    if own is None:
        raise PermissionDenied("Tài khoản này chưa được giao cho điểm thi nào.")
    if own.pk != site.pk:
        raise PermissionDenied("Bạn chỉ gửi và điều chỉnh báo cáo của điểm thi mình.")


def _when(value):
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def validate_figures(data):
    """Check one report's figures together; return them cleaned or raise ValidationError."""
    errors = {}
    cleaned = {}
    labels = {name: SessionReport._meta.get_field(name).verbose_name for name in REPORT_NUMBERS}
    for name in REPORT_NUMBERS:
        value = data.get(name, 0 if name in ("suspended", "disciplined") else None)
        if value in (None, ""):
            errors[name] = f"Hãy nhập {labels[name]}."
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[name] = f"{labels[name].capitalize()} phải là một số nguyên."
            continue
        if value < 0:
            errors[name] = f"{labels[name].capitalize()} không được là số âm."
            continue
        cleaned[name] = value
    if not errors:
        if cleaned["present"] + cleaned["absent"] != cleaned["expected"]:
            errors["absent"] = (
                f"Số thí sinh dự thi ({vn_number(cleaned['present'])}) cộng số vắng thi "
                f"({vn_number(cleaned['absent'])}) phải bằng số thí sinh phải có mặt "
                f"({vn_number(cleaned['expected'])})."
            )
        if cleaned["suspended"] + cleaned["disciplined"] > cleaned["present"]:
            errors["suspended"] = (
                "Số thí sinh bị đình chỉ thi và bị kỷ luật khác không thể nhiều hơn số thí sinh "
                "dự thi."
            )
    severity = data.get("incident_severity") or Severity.NONE
    if severity not in Severity.values:
        errors["incident_severity"] = "Hãy chọn mức độ sự cố trong danh sách."
    text = (data.get("incident_text") or "").strip()
    if severity != Severity.NONE and not text:
        errors["incident_text"] = "Có sự cố thì hãy mô tả ngắn sự cố và cách đã xử lý."
    if severity == Severity.NONE:
        text = ""  # "no incident" carries no description
    cleaned["incident_severity"] = severity
    cleaned["incident_text"] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_session(session, now):
    if session.kind != ExamSession.Kind.EXAM:
        raise ValidationError(
            "Chỉ gửi báo cáo cho buổi thi (không gửi cho ngày làm thủ tục hoặc ngày dự phòng).")
    if not session.has_started(now):
        raise ValidationError(
            f"Buổi thi {session.label} bắt đầu lúc {_when(session.starts_at)}: chỉ gửi báo cáo "
            "sau khi buổi thi đã bắt đầu."
        )


def _version(report, user, now, reason=""):
    return SessionReportVersion.objects.create(
        report=report, number=report.version, submitted_at=now, submitted_by=user,
        is_late=now > report.session.report_deadline, reason=reason,
        **{name: getattr(report, name) for name in REPORT_FIELDS},
    )


def submit_session_report(*, user, session, site, data, now=None):
    """A site's first report on a session. Late if sent after the deadline."""
    _require_site(user, site)
    now = now or clock.now()
    _check_session(session, now)
    if site.year != session.year:
        raise ValidationError("Điểm thi này không thuộc kỳ thi của buổi thi đã chọn.")
    figures = validate_figures(data)

    def file_report():
        existing = SessionReport.objects.filter(session=session, site=site).first()
        if existing:
            raise ValidationError(
                "Điểm thi đã gửi báo cáo buổi thi này. Hãy mở báo cáo đã gửi để điều chỉnh.")
        report = SessionReport(
            session=session, site=site, version=1, is_late=now > session.report_deadline,
            submitted_at=now, submitted_by=user, updated_at=now, updated_by=user, **figures,
        )
        try:
            with transaction.atomic():
                report.save()
                _version(report, user, now)
        except IntegrityError as exc:  # sent twice at the same moment
            raise ValidationError(
                "Điểm thi đã gửi báo cáo buổi thi này. Hãy mở báo cáo đã gửi để điều chỉnh."
            ) from exc
        return report

    return retry_on_lost_connection(file_report)


def correct_session_report(*, user, report, data, reason, expected_version=None, now=None):
    """A new version of a report. The earlier versions stay as they were sent."""
    _require_site(user, report.site)
    now = now or clock.now()
    figures = validate_figures(data)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do điều chỉnh báo cáo."})
    retry_on_lost_connection(_write_correction, report, user, figures, reason, expected_version,
                             now)
    report.refresh_from_db()
    return report


def _write_correction(report, user, figures, reason, expected_version, now):
    """One correction, in the transaction retry_on_lost_connection opens."""
    current = SessionReport.objects.select_for_update().select_related("session").get(
        pk=report.pk)
    if expected_version is not None and current.version != int(expected_version):
        who = person_name(current.updated_by, "người khác")
        raise ValidationError(
            f"Báo cáo đã được {who} điều chỉnh lúc {_when(current.updated_at)}, sau khi bạn "
            "mở trang. Số liệu bạn nhập chưa được lưu: hãy xem bản mới nhất rồi điều chỉnh lại."
        )
    if all(getattr(current, name) == value for name, value in figures.items()):
        raise ValidationError("Số liệu không khác phiên bản đang có: không có gì để điều chỉnh.")
    for name, value in figures.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = now
    current.updated_by = user
    current.save()
    _version(current, user, now, reason=reason)


# --- From numbers to news -----------------------------------------------------------------------


def _day(value):
    return f"{value.day}/{value.month}/{value.year}"


def subject_phrase(session):
    """"môn Ngữ văn", or "bài thi Khoa học tự nhiên / Khoa học xã hội" for a combined test."""
    title = session.title
    if title.lower().startswith("bài thi"):
        return "b" + title[1:]
    return f"môn {title}"


def article_text(session, overview, now=None):
    """Title, lead and body (HTML) of the session update, from the province totals."""
    now = now or clock.now()
    t = overview.totals
    part = session.get_part_of_day_display()
    when = f"{part} {_day(session.date)}"
    subject = subject_phrase(session)
    round_note = f" (đợt {session.round})" if session.round > 1 else ""
    present = vn_number(t["present"])
    rate = vn_percent(t["present"], t["expected"])
    title = (f"Buổi thi {subject.removeprefix('bài thi ')} {when.lower()}{round_note}: "
             f"{present} thí sinh dự thi, đạt {rate}")
    where = (f"{t['sites']} điểm thi" if not t["missing"]
             else f"{t['reported']}/{t['sites']} điểm thi đã báo cáo")
    lead = (
        f"{when}, {present}/{vn_number(t['expected'])} thí sinh tại {where} trên địa bàn tỉnh "
        f"Lai Châu dự thi {subject}{round_note}, đạt tỷ lệ {rate}."
    )
    paragraphs = [
        f"Theo báo cáo của {t['reported']}/{t['sites']} điểm thi thuộc Hội đồng thi tỉnh Lai Châu, "
        f"buổi thi {subject} {when.lower()} có {vn_number(t['expected'])} thí sinh phải có mặt; "
        f"{present} thí sinh dự thi, đạt tỷ lệ {rate}; {vn_number(t['absent'])} thí sinh vắng thi.",
    ]
    if t["suspended"] or t["disciplined"]:
        parts = []
        if t["suspended"]:
            parts.append(f"{vn_number(t['suspended'])} thí sinh bị đình chỉ thi")
        if t["disciplined"]:
            parts.append(f"{vn_number(t['disciplined'])} thí sinh bị kỷ luật khác")
        paragraphs.append(f"Có {' và '.join(parts)} do vi phạm Quy chế thi.")
    else:
        paragraphs.append("Không có thí sinh bị đình chỉ thi hoặc bị kỷ luật.")
    if t["incidents"]:
        paragraphs.append(
            f"Có {t['incidents']} điểm thi báo cáo sự cố; Hội đồng thi đã chỉ đạo xử lý kịp thời "
            "theo đúng Quy chế thi.")
    else:
        paragraphs.append("Các điểm thi không báo cáo sự cố; buổi thi diễn ra an toàn, nghiêm túc, "
                          "đúng quy chế.")
    if t["missing"]:
        paragraphs.append(f"Còn {t['missing']} điểm thi chưa gửi báo cáo; số liệu sẽ được cập nhật.")
    paragraphs.append(f"<em>Số liệu tổng hợp đến {_when(now)}.</em>")
    body = "".join(
        f"<p>{p}</p>" if p.startswith("<em>") else f"<p>{escape(p)}</p>" for p in paragraphs)
    return title, lead, body


def create_session_article(*, user, session, now=None):
    """A draft article in "Tình hình tổ chức thi" of the current column, for an editor to review.

    Saved through ``news.services.save_article`` (creation event) and ``record_revision``
    (the first revision), like any article an editor writes.
    """
    from news import services as news_services
    from news.models import Article, Column, SectionRole

    from .selectors import session_overview

    if not (user.is_active and user.has_perm(ARTICLE_PERMISSION) and user.has_perm("news.add_article")):
        raise PermissionDenied("Bạn không có quyền tạo bài viết từ số liệu buổi thi.")
    if session.kind != ExamSession.Kind.EXAM:
        raise ValidationError("Chỉ tạo bài viết cho buổi thi.")
    column = Column.objects.filter(year=session.year).first()
    section = column.section_for(SectionRole.SESSION_UPDATES) if column else None
    if section is None:
        raise ValidationError(
            f"Chuyên mục năm {session.year} chưa có chuyên mục con nhận bài về tình hình tổ chức "
            "thi: hãy chọn vai trò “Tình hình tổ chức thi” cho một chuyên mục con.")
    overview = session_overview(session, now=now)
    if not overview.totals["reported"]:
        raise ValidationError("Chưa có điểm thi nào gửi báo cáo buổi thi này: chưa có số liệu để viết bài.")
    title, lead, body = article_text(session, overview, now=now)
    with transaction.atomic():
        article = Article(
            section=section, title=title, lead=lead, body=body,
            source="Tổng hợp báo cáo của các điểm thi", byline="Sở GDĐT Lai Châu",
        )
        news_services.save_article(article, user)
        news_services.record_revision(article, user, note="Tạo từ số liệu báo cáo buổi thi")
        ExamSession.objects.filter(pk=session.pk).update(article=article)
        session.article = article
    return article
