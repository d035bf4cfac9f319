"""Unit staff enter and see only their own unit's offers (forged IDs included); editors review."""

import pytest

from support import services
from support.models import OfferEvent, SupportOffer
from support.start import section

pytestmark = pytest.mark.django_db

LIST = "/lich-thi/ho-tro-thi-sinh/quan-ly/"
ADD = "/lich-thi/ho-tro-thi-sinh/quan-ly/them/"


def form_data(near, **changes):
    site = near
    data = {"kind": "lodging", "title": "Nhà trọ miễn phí của trường", "provider": "Trường THPT",
            "district": site.district, "site": site.pk, "address": "Tổ 5", "starts_on": "05/07/2021",
            "ends_on": "09/07/2021", "capacity": "30", "conditions": "", "phone": "0213 3881 008",
            "contact_name": ""}
    data.update(changes)
    return data


def test_anonymous_is_sent_to_sign_in_and_others_get_403(client, make_staff, sites):
    response = client.get(LIST)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(make_staff(None, username="khongquyen"))
    assert client.get(LIST).status_code == 403


def test_unit_staff_enter_an_offer_for_their_own_unit_whatever_the_form_says(
        client, sites, unit_staff, units):
    client.force_login(unit_staff["muong-te"])
    response = client.post(ADD, form_data(sites["muong-te"], unit=units["phong-tho"].pk,
                                          status="published", action="submit"))
    assert response.status_code == 302
    offer = SupportOffer.objects.get()
    assert offer.unit == units["muong-te"]
    assert offer.status == SupportOffer.Status.SUBMITTED  # sent for review, not published
    assert offer.created_by == unit_staff["muong-te"]
    assert list(offer.events.values_list("action", flat=True).order_by("pk")) == [
        OfferEvent.Action.CREATED, OfferEvent.Action.SUBMITTED]


def test_unit_staff_see_and_change_only_their_units_offers(client, sites, unit_staff, make_offer):
    own = make_offer(sites["muong-te"], "draft", user=unit_staff["muong-te"], title="Của Mường Tè")
    other = make_offer(sites["phong-tho"], "published", user=unit_staff["phong-tho"],
                       title="Của Phong Thổ")
    client.force_login(unit_staff["muong-te"])
    html = client.get(LIST).content.decode()
    assert "Của Mường Tè" in html and "Của Phong Thổ" not in html
    # Forged IDs: another unit's offer is not found, whatever the action.
    assert client.get(f"{LIST}{other.pk}/").status_code == 404
    forged = form_data(sites["phong-tho"], title="Sửa trộm")
    assert client.post(f"{LIST}{other.pk}/", forged).status_code == 404
    for action in ("dung", "gui-duyet", "cong-bo", "tra-lai"):
        assert client.post(f"{LIST}{other.pk}/{action}/", {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.title == "Của Phong Thổ" and other.status == SupportOffer.Status.PUBLISHED
    # Their own: they edit it, but cannot publish it themselves.
    response = client.post(f"{LIST}{own.pk}/", form_data(sites["muong-te"], title="Đã sửa"))
    assert response.status_code == 302
    assert client.post(f"{LIST}{own.pk}/cong-bo/").status_code == 403
    own.refresh_from_db()
    assert own.title == "Đã sửa" and own.status == SupportOffer.Status.DRAFT


def test_a_units_edit_of_a_published_offer_goes_back_to_review(client, sites, unit_staff,
                                                               make_offer):
    offer = make_offer(sites["muong-te"], "published", user=unit_staff["muong-te"])
    client.force_login(unit_staff["muong-te"])
    client.post(f"{LIST}{offer.pk}/", form_data(sites["muong-te"], title="Đổi số điện thoại",
                                                phone="0912 345 678"))
    offer.refresh_from_db()
    assert offer.status == SupportOffer.Status.SUBMITTED
    assert not SupportOffer.objects.published().exists()


def test_unit_staff_withdraw_their_offer_with_a_reason(client, sites, unit_staff, make_offer):
    offer = make_offer(sites["muong-te"], "published", user=unit_staff["muong-te"])
    client.force_login(unit_staff["muong-te"])
    client.post(f"{LIST}{offer.pk}/dung/", {"reason": ""})
    offer.refresh_from_db()
    assert offer.status == SupportOffer.Status.PUBLISHED  # a reason is required
    client.post(f"{LIST}{offer.pk}/dung/", {"reason": "Đã đủ chỗ"})
    offer.refresh_from_db()
    assert offer.status == SupportOffer.Status.WITHDRAWN and offer.withdrawn_reason == "Đã đủ chỗ"
    # Withdrawn: the unit still reads it and its history, but edits no more.
    page = client.get(f"{LIST}{offer.pk}/")
    assert page.status_code == 200 and "Đã dừng: Đã đủ chỗ" in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    assert client.post(f"{LIST}{offer.pk}/", form_data(sites["muong-te"])).status_code == 403


def test_editor_reviews_publishes_and_returns(client, sites, editor, unit_staff, make_offer):
    waiting = make_offer(sites["muong-te"], "submitted", user=unit_staff["muong-te"], title="A")
    other = make_offer(sites["phong-tho"], "submitted", user=unit_staff["phong-tho"], title="B")
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert "A</a>" in html and "B</a>" in html
    client.post(f"{LIST}{waiting.pk}/cong-bo/", {"reason": ""})
    client.post(f"{LIST}{other.pk}/tra-lai/", {"reason": ""})  # a note is required
    other.refresh_from_db()
    assert other.status == SupportOffer.Status.SUBMITTED
    client.post(f"{LIST}{other.pk}/tra-lai/", {"reason": "Thiếu số điện thoại người liên hệ"})
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.status == SupportOffer.Status.PUBLISHED and waiting.published_at
    assert other.status == SupportOffer.Status.DRAFT
    assert other.review_note == "Thiếu số điện thoại người liên hệ"
    assert client.post(f"{LIST}{waiting.pk}/khong-co/").status_code == 404


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, sites, unit_staff):
    client.force_login(unit_staff["muong-te"])
    response = client.post(ADD, form_data(sites["muong-te"], title="", starts_on="32/13/2021",
                                          phone="<b>abc</b>", capacity="nhiều",
                                          conditions="<script>x</script>Điều kiện"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng nhập tên hoạt động hỗ trợ." in html
    assert "Ngày không hợp lệ" in html and "Số điện thoại chỉ gồm chữ số" in html
    assert "&lt;script&gt;x&lt;/script&gt;Điều kiện" in html and "<script>x" not in html
    response = client.post(ADD, form_data(sites["muong-te"], site=sites["phong-tho"].pk,
                                          ends_on="01/07/2021"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "không ở Mường Tè" in html and "Ngày kết thúc phải sau" in html
    assert 'value="Nhà trọ miễn phí của trường"' in html
    # Huge values.
    response = client.post(ADD, form_data(sites["muong-te"], capacity="99999999999",
                                          title="N" * 5000, conditions="x" * 20000))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số thí sinh nhận được từ 1 đến 10.000" in html
    assert html.count('class="errorlist"') >= 3
    # A site of another year is not even a choice.
    response = client.post(ADD, form_data(sites["muong-te"], site=sites["old"].pk))
    assert "Vui lòng chọn một điểm thi trong danh sách." in response.content.decode()
    assert not SupportOffer.objects.exists()


def test_unit_staff_account_without_a_unit_is_refused(client, make_staff, sites):
    from examportal.roles import UNIT_STAFF

    client.force_login(make_staff(UNIT_STAFF, username="chuagan"))
    response = client.get(LIST)
    assert response.status_code == 403
    assert "chưa được giao cho đơn vị nào" in response.content.decode()


def test_start_section(sites, editor, unit_staff, make_offer, make_staff):
    make_offer(sites["muong-te"], "submitted", user=unit_staff["muong-te"])
    make_offer(sites["muong-te"], "draft", user=unit_staff["muong-te"])
    make_offer(sites["phong-tho"], "draft", user=unit_staff["phong-tho"])
    mine = section(editor)
    assert mine.links[0].count == 1 and mine.links[0].url == LIST
    theirs = section(unit_staff["muong-te"])
    assert theirs.links[0].count == 1 and "Trường THPT Mường Tè" in theirs.links[0].label
    assert section(make_staff(None, username="ai-do")) is None
    assert services.unit_of(editor) is None
