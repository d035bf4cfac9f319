"""The hotline's pages among the site search's key pages (``key_pages``, declared in
HotlineConfig.contributes)."""

from django.urls import reverse

from examportal.search import KeyPage


def key_pages():
    return [
        KeyPage("Đường dây nóng Kỳ thi", reverse("hotline:index"),
                "Số điện thoại đường dây nóng; gửi phản ánh về Kỳ thi tới Thanh tra Sở.",
                ("đường dây nóng", "hotline", "phản ánh", "tố giác", "gian lận", "tiêu cực",
                 "số điện thoại", "thanh tra")),
        KeyPage("Tra cứu phản ánh đã gửi", reverse("hotline:lookup"),
                "Nhập mã tra cứu trên giấy biên nhận để xem phản ánh đã được xử lý đến đâu.",
                ("tra cứu phản ánh", "mã tra cứu", "phản ánh đã gửi")),
    ]
