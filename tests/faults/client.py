"""A small HTTP client for the fault tests: one cookie jar per client, a timeout on every
request, multipart form posts; never raises for an HTTP status."""

import contextlib
import http.client
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field
from html import unescape


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    error: str = ""  # a transport error (refused, reset, timed out): status is 0

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name.lower(), "")


@dataclass
class Client:
    port: int
    timeout: float = 20
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        headers.setdefault("Host", "127.0.0.1")
        headers.setdefault("Accept-Language", "vi")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            # The server may answer (413, say) and close before reading the whole body.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException) as exc:
            return Response(0, {}, b"", error=f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()
        found = {}
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
            else:
                found[name.lower()] = value
        return Response(raw.status, found, data)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, files=None, referer=True):
        """A multipart/form-data POST, as a browser sends the portal's forms."""
        boundary = "----faults" + secrets.token_hex(8)
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                         f"{value}\r\n".encode())
        for name, (filename, content, ctype) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                         + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if referer:
            headers["Referer"] = f"http://127.0.0.1{path}"
            headers["Origin"] = "http://127.0.0.1"
        return self.request("POST", path, body=b"".join(parts), headers=headers)


def hidden_value(html, name):
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def select_values(html, name):
    match = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return []
    return [unescape(v) for v in re.findall(r'<option value="([^"]+)"', match.group(1))]


def first_link(html, pattern):
    """The first href matching ``pattern`` (a regular expression for the path)."""
    match = re.search(rf'href="({pattern})"', html)
    return unescape(match.group(1)) if match else None


def quote_path(path):
    return urllib.parse.quote(path, safe="/-_.~%?=&")


def choice_values(html, name):
    """The values a radio group or a select named ``name`` offers (empty values left out)."""
    radios = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and 'type="radio"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            if value and value.group(1):
                radios.append(unescape(value.group(1)))
    return radios or select_values(html, name)
