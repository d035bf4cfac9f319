"""Issue 17's small public fixes: the hotline lookup's key field and heading, the alerts
confirmation, the widget's code box, the Q&A reference, names that collided."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOOKUP = reverse("hotline:lookup")


@pytest.fixture
def report_and_key(db, settings):
    from hotline import services
    from hotline.models import Category

    settings.HOTLINE_MIN_FILL_SECONDS = 0
    settings.HOTLINE_NOTIFY_EMAILS = []
    return services.submit_report(category=Category.CHEATING, place="Điểm thi THPT Phong Thổ",
                                  description="Thí sinh dùng điện thoại trong giờ thi môn Toán.")


def input_tag(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_the_access_key_is_a_visible_text_field_without_autocorrect(client):
    tag = input_tag(client.get(LOOKUP).content.decode(), "access_key")
    assert 'type="text"' in tag and 'type="password"' not in tag
    for attribute in ('autocomplete="off"', 'spellcheck="false"', 'autocapitalize="characters"'):
        assert attribute in tag


@pytest.mark.parametrize("spacing", ["none", "groups", "odd"])
def test_the_key_is_accepted_with_or_without_separators(client, report_and_key, spacing):
    report, key = report_and_key
    typed = {"none": key, "groups": " ".join(key[i:i + 4] for i in range(0, 28, 4)),
             "odd": "-".join(key[i:i + 7] for i in range(0, 28, 7)).lower()}[spacing]
    response = client.post(LOOKUP, {"reference": report.reference, "access_key": typed})
    assert response.status_code == 302 and response["Location"] == reverse("hotline:status")


def test_a_wrong_key_gets_a_true_heading_and_is_shown_back_in_groups(client, report_and_key):
    report, key = report_and_key
    wrong = ("X" * 27 + "Y").lower()
    html = client.post(LOOKUP, {"reference": report.reference, "access_key": wrong}
                       ).content.decode()
    assert "Chưa gửi được" not in html
    assert re.search(r"<h2>Không tìm thấy phản ánh với mã này</h2>", html)
    assert 'value="XXXX XXXX XXXX XXXX XXXX XXXX XXXY"' in input_tag(html, "access_key")
    # Malicious input comes back escaped; an empty form names the missing fields.
    html = client.post(LOOKUP, {"reference": '"><script>alert(1)</script>',
                                "access_key": '"><b>x'}).content.decode()
    assert "<script>alert(1)" not in html and "<b>x" not in html
    html = client.post(LOOKUP, {"reference": "", "access_key": ""}).content.decode()
    assert "Vui lòng nhập đủ mã số và mã truy cập" in html
    assert "Vui lòng nhập mã truy cập." in html


def test_the_site_map_names_the_document_registry_once(client, exam_column):
    html = client.get(reverse("site-map")).content.decode()
    html = html[html.index("<main"):html.index("</main>")]
    named = re.findall(r'<a href="([^"]+)">Văn bản chỉ đạo, hướng dẫn</a>', html)
    assert named == [reverse("documents:list")]
    section = exam_column.sections.get(role="directives")
    assert html.count(f'href="{section.get_absolute_url()}"') == 1
    assert "Tin bài về văn bản chỉ đạo năm 2021" in html


def test_home_and_column_each_have_one_purpose(client, exam_column):
    home = client.get("/").content.decode()
    column = client.get(exam_column.get_absolute_url()).content.decode()
    # Home: the essentials and everything the portal offers; the column: its news by section.
    assert "Đường dây nóng Kỳ thi" in home and "Cổng thông tin có gì" in home
    assert 'href="/hoi-dap/"' in home.split("<main", 1)[1]
    assert "section-grid--news" in column and "section-grid--news" not in home
    assert "Cổng thông tin có gì" not in column


def test_the_alerts_confirmation_repeats_the_address_typed_escaped(
        client, exam_column, settings, django_capture_on_commit_callbacks):
    from tests.alerts.test_views import form_data

    settings.ALERTS_MIN_FILL_SECONDS = 0
    typed = "me+<b>x</b>@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alerts:subscribe"),
                               form_data(client, email="Phu.Huynh@Example.org", documents="on"))
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "no-store" in done["Cache-Control"]
    html = done.content.decode()
    assert re.search(r'<strong class="typed-address">Phu\.Huynh@[Ee]xample\.org</strong>', html)
    # Shown once: a reload, or anybody else, sees the page without an address.
    assert "typed-address" not in client.get(response["Location"]).content.decode()
    assert "typed-address" not in type(client)().get(response["Location"]).content.decode()
    # Markup in what was typed never reaches the page as markup.
    response = client.post(reverse("alerts:subscribe"),
                           form_data(client, email=typed, documents="on"))
    assert "<b>x</b>" not in response.content.decode()


def test_the_asker_gets_a_reference_to_find_their_question(
        client, settings, make_staff, mailoutbox, django_capture_on_commit_callbacks):
    from examportal.roles import EDITORS
    from qa import services
    from qa.models import Question
    from tests.qa.test_ask import ASK, payload

    settings.QA_MIN_FILL_SECONDS = 0
    response = client.post(ASK, payload(client, asker_email="ph@example.org",
                                        text="Con tôi tên Lò Văn Thành, số báo danh 07001234?"))
    assert response.status_code == 302
    question = Question.objects.get()
    assert re.fullmatch(r"HD-[2-9A-Z]{4}-[2-9A-Z]{4}", question.reference)
    done = client.get(response["Location"])
    assert question.reference in done.content.decode() and "no-store" in done["Cache-Control"]
    assert question.reference not in client.get(response["Location"]).content.decode()  # once

    lookup = reverse("qa:lookup")
    typed = question.reference.lower().replace("-", " ")
    html = client.get(lookup, {"ma": typed}).content.decode()
    assert "chờ trả lời" in html and question.reference in html
    assert "Lò Văn Thành" not in html and "07001234" not in html  # nothing the asker wrote

    editor = make_staff(EDITORS, username="bientap")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, editor, answer="Có, thí sinh được dự thi đợt 2.",
                                 title="Thí sinh ốm vào ngày thi")
    question.refresh_from_db()
    html = client.get(lookup, {"ma": question.reference}).content.decode()
    assert "Xem câu trả lời" in html and question.get_absolute_url() in html
    assert question.reference in mailoutbox[0].body
    assert question.reference in mailoutbox[0].alternatives[0][0]


@pytest.mark.parametrize("typed", ["HD-0000-0000", "không có", '"><script>x</script>',
                                   "HD-" + "A" * 300])
def test_a_wrong_reference_finds_nothing_and_tells_nothing(client, db, typed):
    response = client.get(reverse("qa:lookup"), {"ma": typed})
    html = response.content.decode()
    assert response.status_code == 200 and "Không có câu hỏi nào với mã" in html
    assert "<script>x" not in html
    assert not response.cookies
