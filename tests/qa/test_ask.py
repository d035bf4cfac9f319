import re

import pytest

from qa.models import Question, Status

ASK = "/hoi-dap/dat-cau-hoi/"
TEXT = "Con tôi bị sốt đúng ngày thi Toán thì có được thi đợt 2 không ạ?"


def token(client):
    html = client.get(ASK).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def payload(client, **changes):
    data = {"topic": "covid-19", "text": TEXT, "asker_name": "Lò Văn Thành", "asker_place": "Sìn Hồ",
            "asker_email": "", "website": "", "form_token": token(client)}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_parent_asks_and_nothing_is_public_yet(client):
    response = client.post(ASK, payload(client, asker_email="PH@example.org"))
    assert response.status_code == 302 and response["Location"] == "/hoi-dap/dat-cau-hoi/da-gui/"
    question = Question.objects.get()
    assert question.status == Status.PENDING and question.topic == "covid-19"
    assert question.text == TEXT and question.asker_email == "ph@example.org"
    assert question.public_name == "L.V.T." and not question.show_full_name
    assert TEXT not in client.get("/hoi-dap/").content.decode()


@pytest.mark.django_db
def test_refused_form_keeps_what_was_typed_with_vietnamese_messages(client):
    response = client.post(ASK, payload(client, topic="", text="Ngắn", asker_email="khong-hop-le",
                                        show_full_name="on", asker_name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn chủ đề của câu hỏi." in html
    assert "Câu hỏi quá ngắn" in html
    assert "Địa chỉ thư điện tử không hợp lệ" in html
    assert "vui lòng nhập họ và tên" in html
    assert "khong-hop-le" in html and re.search(r">\s*Ngắn</textarea>", html)
    assert 'id="error-summary"' in html
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_honeypot_and_too_fast_and_bad_token(client, settings):
    response = client.post(ASK, payload(client, website="http://spam.example"))
    assert response.status_code == 400 and not Question.objects.exists()
    settings.QA_MIN_FILL_SECONDS = 60
    response = client.post(ASK, payload(client))
    assert response.status_code == 400
    assert "quá nhanh" in response.content.decode() and TEXT in response.content.decode()
    settings.QA_MIN_FILL_SECONDS = 0
    response = client.post(ASK, payload(client, form_token="gia-mao"))
    assert response.status_code == 400 and "Biểu mẫu không hợp lệ" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_the_same_form_sent_twice_counts_once(client):
    data = payload(client)
    assert client.post(ASK, data).status_code == 302
    assert client.post(ASK, data).status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_per_ip_limit(client, settings):
    settings.QA_ASK_LIMIT_PER_IP = 2
    for n in range(2):
        assert client.post(ASK, payload(client, text=f"{TEXT} ({n})")).status_code == 302
    response = client.post(ASK, payload(client, text=f"{TEXT} (3)"))
    assert response.status_code == 429
    assert "nhiều câu hỏi" in response.content.decode() and f"{TEXT} (3)" in response.content.decode()
    assert Question.objects.count() == 2
    # Another address is not limited.
    other = client.post(ASK, payload(client, text=f"{TEXT} (4)"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_overlong_fields_are_refused_not_truncated(client):
    response = client.post(ASK, payload(client, asker_email="a" * 250 + "@example.org",
                                        asker_name="N" * 121, text="x" * 3001))
    assert response.status_code == 400
    html = response.content.decode()
    assert "tối đa 254 ký tự" in html and "Họ và tên tối đa 120 ký tự" in html
    assert "Câu hỏi tối đa 3000 ký tự" in html
    assert not Question.objects.exists()
