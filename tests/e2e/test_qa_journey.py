"""A parent asks a question on a phone, an editor answers it in the admin, the parent is told by
mail and finds the answer by searching without diacritics."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from examportal.roles import EDITORS
from qa.models import Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-password-123"
TITLE = "Nộp đơn phúc khảo bài thi ở đâu, trong bao lâu?"
QUESTION = ("Con tôi thi môn Ngữ văn được 4 điểm, thấp hơn nhiều so với khi ôn. Nộp đơn phúc khảo "
            "ở đâu và trong thời hạn bao lâu ạ?")


@pytest.fixture(autouse=True)
def _settings(settings, live_server):
    settings.QA_MIN_FILL_SECONDS = 0
    settings.SITE_URL = live_server.url


def test_parent_asks_editor_answers_parent_finds_it_without_diacritics(
        phone_page, page, live_server, make_staff, axe_check, screenshot):
    base = live_server.url
    parent = phone_page
    # 1. The parent asks, on a phone. A first try without a topic keeps what was typed.
    parent.goto(base + "/hoi-dap/")
    expect(parent.get_by_role("heading", level=1)).to_have_text("Hỏi – đáp về Kỳ thi")
    assert axe_check(parent) == []
    parent.get_by_role("link", name="Đặt câu hỏi").first.click()
    parent.get_by_label("Câu hỏi (bắt buộc)").fill(QUESTION)
    parent.get_by_label("Họ và tên").fill("Lò Thị Hoa")
    parent.get_by_label("Thư điện tử để nhận thông báo (không bắt buộc)").fill("lothihoa@example.org")
    parent.get_by_role("button", name="Gửi câu hỏi").click()
    expect(parent.locator("#error-summary")).to_contain_text("Vui lòng chọn chủ đề của câu hỏi.")
    expect(parent.get_by_label("Câu hỏi (bắt buộc)")).to_have_value(QUESTION)
    assert axe_check(parent) == []
    screenshot(parent, "qa-ask-error-phone")
    parent.get_by_label("Phúc khảo").check()
    parent.get_by_role("button", name="Gửi câu hỏi").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã gửi câu hỏi")
    assert Question.objects.filter(status="pending").count() == 1
    # Nothing is public before the answer.
    parent.goto(base + "/hoi-dap/?q=phuc+khao")
    expect(parent.get_by_role("status")).to_contain_text("Tìm thấy 0 câu hỏi")

    # 2. An editor answers it in the admin.
    editor = make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")
    page.goto(base + "/admin/login/?next=/admin/qa/question/")
    page.get_by_label("Tên đăng nhập").fill(editor.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name=re.compile("Con tôi thi môn Ngữ văn")).click()
    expect(page.get_by_text("có (địa chỉ không hiển thị)")).to_be_visible()
    assert "lothihoa@example.org" not in page.content()
    page.get_by_label("Tiêu đề:", exact=True).fill(TITLE)
    page.get_by_label("Trả lời:", exact=True).fill(
        "Thí sinh nộp đơn phúc khảo tại trường nơi đã đăng ký dự thi.\n\n"
        "Thời hạn là 10 ngày kể từ ngày công bố kết quả thi (26/7/2021).")
    page.get_by_label("Ghim:", exact=True).check()
    page.get_by_role("button", name="Trả lời và đăng").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã trả lời và đăng công khai")
    screenshot(page, "qa-admin-answered")

    # 3. The parent is told by mail, once, with the link.
    messages = [m for m in mail.outbox if m.to == ["lothihoa@example.org"]]
    assert len(messages) == 1
    link = re.search(r"(http://\S+/hoi-dap/cau-hoi/\d+/[\w-]+/)", messages[0].body).group(1)

    # 4. The parent searches without diacritics and finds the answer.
    parent.goto(base + "/hoi-dap/")
    parent.get_by_label(re.compile("Tìm trong các câu hỏi")).fill("nop don phuc khao")
    parent.get_by_role("button", name="Tìm câu hỏi").click()
    expect(parent.get_by_role("status")).to_contain_text("Tìm thấy 1 câu hỏi")
    assert axe_check(parent) == []
    screenshot(parent, "qa-search-phone")
    parent.get_by_role("link", name=TITLE).click()
    assert parent.url == link
    expect(parent.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(parent.locator(".qa-answer-box")).to_contain_text("10 ngày kể từ ngày công bố")
    expect(parent.locator(".qa-ask-box")).to_contain_text("L.T.H.")
    assert "Lò Thị Hoa" not in parent.content()
    data = json.loads(parent.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "FAQPage"
    assert axe_check(parent) == []
    screenshot(parent, "qa-question-phone")
    # Pinned on the Q&A page.
    page.goto(base + "/hoi-dap/")
    expect(page.locator(".qa-pinned")).to_contain_text("Nộp đơn phúc khảo bài thi")
    assert axe_check(page) == []
    screenshot(page, "qa-list-desktop")
    # The refused form answers 400, which the browser logs; nothing else may fail.
    assert [e for e in parent.console_errors if "400 (Bad Request)" not in e] == []
    assert page.console_errors == []
