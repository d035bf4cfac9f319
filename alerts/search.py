"""The alerts' page among the site search's key pages (``key_pages``, declared in
AlertsConfig.contributes)."""

from django.urls import reverse

from examportal.search import KeyPage


def key_pages():
    return [
        KeyPage("Nhận tin qua thư điện tử", reverse("alerts:subscribe"),
                "Đăng ký nhận thư khi có lịch thi, văn bản, tin mới hoặc kết quả thi.",
                ("nhận tin", "đăng ký nhận tin", "thư điện tử", "email", "thông báo qua email",
                 "theo dõi tin")),
    ]
