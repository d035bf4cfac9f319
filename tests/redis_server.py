"""The Redis the tests that need one use: REDIS_URL, or one answering on 127.0.0.1:6379
(database 9, as CI starts one). Empty when there is none, and those tests skip."""

import os
import socket


def _local_redis():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


REDIS_URL = os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/9" if _local_redis() else "")
# The backend the portal uses in production (examportal.settings).
BACKEND = "examportal.cache.SharedClientRedisCache"
