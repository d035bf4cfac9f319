from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Máy chủ thư không trả lời (thử nghiệm)")


class UnreachableBackend(BaseEmailBackend):
    """A mail server that refuses the connection itself."""

    def open(self):
        raise ConnectionRefusedError("Không kết nối được máy chủ thư (thử nghiệm)")

    def send_messages(self, email_messages):
        self.open()
