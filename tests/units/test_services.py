import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from examportal.services import ServiceError
from units import services
from units.models import Difficulty, DifficultyEvent, PreparationReport

from .conftest import figures, vn

pytestmark = pytest.mark.django_db


def test_first_report_then_updates_keep_every_version(staff_a, units, year):
    unit = units[0]
    report = services.save_report(user=staff_a, unit=unit, year=year, data=figures(),
                                  now=vn(2021, 6, 1, 9, 0))
    assert report.version == 1 and report.submitted_by == staff_a
    report = services.save_report(user=staff_a, unit=unit, year=year,
                                  data=figures(informed_students=480), note="Bổ sung đợt 2",
                                  expected_version=1, now=vn(2021, 6, 8, 9, 0))
    assert report.version == 2 and report.informed_students == 480
    versions = list(report.versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].data["informed_students"] == 450
    assert versions[0].data["informed_students"] == 480 and versions[0].note == "Bổ sung đợt 2"
    assert versions[0].saved_by == staff_a
    changes = dict(services.version_changes(versions))
    assert changes[versions[0]] == [("số học sinh được tuyên truyền", 450, 480)]
    assert PreparationReport.objects.count() == 1


def test_stale_version_and_no_change_are_refused(staff_a, units, year):
    services.save_report(user=staff_a, unit=units[0], year=year, data=figures(),
                         now=vn(2021, 6, 1, 9, 0))
    services.save_report(user=staff_a, unit=units[0], year=year, data=figures(meals_covered=60),
                         expected_version=1, now=vn(2021, 6, 2, 9, 0))
    with pytest.raises(ServiceError, match="sau khi bạn mở trang"):
        services.save_report(user=staff_a, unit=units[0], year=year,
                             data=figures(meals_covered=70), expected_version=1,
                             now=vn(2021, 6, 3, 9, 0))
    with pytest.raises(ServiceError, match="không có gì để cập nhật"):
        services.save_report(user=staff_a, unit=units[0], year=year,
                             data=figures(meals_covered=60), expected_version=2,
                             now=vn(2021, 6, 3, 9, 0))
    assert PreparationReport.objects.get().version == 2


def test_unit_staff_act_only_for_their_unit(staff_a, units, year):
    with pytest.raises(PermissionDenied):
        services.save_report(user=staff_a, unit=units[1], year=year, data=figures())
    with pytest.raises(PermissionDenied):
        services.raise_difficulty(user=staff_a, unit=units[1], year=year, kind="difficulty",
                                  text="x")
    assert not PreparationReport.objects.exists() and not Difficulty.objects.exists()


def test_inactive_unit_or_no_membership_acts_for_nobody(staff_a, units, year, make_staff):
    units[0].is_active = False
    units[0].save()
    assert services.unit_of(staff_a) is None
    with pytest.raises(PermissionDenied):
        services.save_report(user=staff_a, unit=units[0], year=year, data=figures())


@pytest.mark.parametrize("extra, field, message", [
    ({"informed_students": -1}, "informed_students", "không được là số âm"),
    ({"trained_teachers": "mười"}, "trained_teachers", "phải là một số nguyên"),
    ({"candidates_registered": 10**7}, "candidates_registered", "quá lớn"),
    ({"informed_students": 600}, "informed_students", "không thể nhiều hơn tổng số học sinh"),
    ({"informed_staff": 51}, "informed_staff", "không thể nhiều hơn tổng số CBQL"),
    ({"trained_teachers": 45}, "trained_managers", "cộng lại (55)"),
    ({"trained_students": 501}, "trained_students", "không thể nhiều hơn tổng số học sinh"),
    ({"candidates_hardship": 200}, "candidates_hardship", "số thí sinh đăng ký dự thi (175)"),
    ({"candidates_far": 176}, "candidates_far", "không thể nhiều hơn số thí sinh đăng ký"),
    ({"lodging_covered": 101}, "lodging_covered", "ở xa điểm thi (100)"),
    ({"informed_on": None}, "informed_on", "hãy ghi ngày tuyên truyền"),
    ({"trained_on": None}, "trained_on", "hãy ghi ngày tập huấn"),
    ({"trained_on": "2099-01-01"}, "trained_on", "chưa tới"),
    ({"informed_on": "2019-01-01"}, "informed_on", "quá xa"),
    ({"informed_on": "31/02/2021"}, "informed_on", "không đúng dạng ngày"),
    ({"support_notes": "x" * 4001}, "support_notes", "dài quá 4.000 ký tự"),
])
def test_bad_figures_are_refused_with_a_message_and_nothing_saved(staff_a, units, year, extra,
                                                                  field, message):
    with pytest.raises(ServiceError) as caught:
        services.save_report(user=staff_a, unit=units[0], year=year, data=figures(**extra),
                             now=vn(2021, 6, 1, 9, 0))
    assert field in caught.value.error_dict
    assert message in " ".join(caught.value.error_dict[field][0].messages)
    assert not PreparationReport.objects.exists()


def test_urgent_difficulty_mails_the_office(staff_a, units, year, settings,
                                            django_capture_on_commit_callbacks):
    settings.UNITS_URGENT_EMAILS = ["bch@example.vn"]
    with django_capture_on_commit_callbacks(execute=True):
        item = services.raise_difficulty(
            user=staff_a, unit=units[0], year=year, kind="difficulty", urgent=True,
            text="Sạt lở đường, 23 thí sinh chưa có xe <b>ra điểm thi</b>")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["bch@example.vn", settings.PORTAL["email"]]
    assert message.subject == "[Khẩn] Trường THPT Chuyên Lê Quý Đôn: khó khăn cần Sở giải quyết"
    assert "23 thí sinh chưa có xe <b>ra điểm thi</b>" in message.body  # plain text, as typed
    assert f"/don-vi/kho-khan/{item.pk}/" in message.body
    assert [e.action for e in item.events.all()] == ["raised", "urgent"]


def test_marking_urgent_later_mails_once(staff_a, units, year, django_capture_on_commit_callbacks):
    item = services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="proposal",
                                     text="Xin thêm kinh phí nấu ăn")
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_urgent(user=staff_a, difficulty=item)
    assert len(mail.outbox) == 1
    with pytest.raises(ServiceError, match="đã được đánh dấu khẩn"):
        services.mark_urgent(user=staff_a, difficulty=item)


def test_failing_mail_server_keeps_the_difficulty(staff_a, units, year, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="difficulty",
                                  text="Khẩn", urgent=True)
    assert Difficulty.objects.get().is_urgent


def test_answer_then_close_keeps_every_event(staff_a, staff_b, editor, units, year):
    item = services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="obstacle",
                                     text="Thiếu phòng ở cho thí sinh")
    with pytest.raises(PermissionDenied):
        services.answer_difficulty(user=staff_a, difficulty=item, text="Tự trả lời")
    with pytest.raises(ServiceError, match="Chỉ đóng sau khi Sở đã trả lời"):
        services.close_difficulty(user=staff_a, difficulty=item)
    services.answer_difficulty(user=editor, difficulty=item, text="Dùng ký túc xá trường bạn.")
    services.answer_difficulty(user=editor, difficulty=item, text="Sở đã liên hệ trường bạn.")
    with pytest.raises(PermissionDenied):
        services.close_difficulty(user=staff_b, difficulty=item)  # another unit
    services.close_difficulty(user=staff_a, difficulty=item)
    item.refresh_from_db()
    assert item.status == "closed" and item.answer == "Sở đã liên hệ trường bạn."
    events = list(item.events.values_list("action", "text", "by__username"))
    assert events == [
        ("raised", "Thiếu phòng ở cho thí sinh", "truong1"),
        ("answered", "Dùng ký túc xá trường bạn.", "bientap"),
        ("answered", "Sở đã liên hệ trường bạn.", "bientap"),
        ("closed", "", "truong1"),
    ]
    with pytest.raises(ServiceError, match="đã đóng"):
        services.answer_difficulty(user=editor, difficulty=item, text="Thêm")
    assert DifficultyEvent.objects.count() == 4


def test_difficulty_text_rules(staff_a, units, year):
    for kind, text, field in [("other", "x", "kind"), ("difficulty", "   ", "text"),
                              ("difficulty", "x" * 4001, "text")]:
        with pytest.raises(ServiceError) as caught:
            services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind=kind,
                                      text=text)
        assert field in caught.value.error_dict
    assert not Difficulty.objects.exists()


def test_the_unit_asks_again_after_an_answer(staff_a, staff_b, editor, units, year):
    item = services.raise_difficulty(user=staff_a, unit=units[0], year=year, kind="proposal",
                                     text="Xin thêm xe")
    with pytest.raises(ServiceError, match="sau khi Sở đã trả lời"):
        services.ask_again(user=staff_a, difficulty=item, text="?")
    services.answer_difficulty(user=editor, difficulty=item, text="Huyện bố trí 1 xe.")
    with pytest.raises(ServiceError):
        services.ask_again(user=staff_a, difficulty=item, text="  ")
    with pytest.raises(PermissionDenied):
        services.ask_again(user=staff_b, difficulty=item, text="Không phải việc của tôi")
    services.ask_again(user=staff_a, difficulty=item, text="Một xe không đủ cho 23 thí sinh.")
    item.refresh_from_db()
    assert item.status == "open" and item.answer == "Huyện bố trí 1 xe."
    services.answer_difficulty(user=editor, difficulty=item, text="Thêm 1 xe của Huyện đoàn.")
    assert list(item.events.values_list("action", "status")) == [
        ("raised", "open"), ("answered", "answered"), ("reopened", "open"),
        ("answered", "answered")]
