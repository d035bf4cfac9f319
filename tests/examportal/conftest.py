import os
import shutil
import signal

import pytest

from tests.faults.services import ThrowawayRedis


@pytest.fixture
def live():
    """A throwaway redis-server of the test's own (woken first if the test stopped it)."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = ThrowawayRedis().start()
    yield server
    if server.process is not None:
        os.kill(server.process.pid, signal.SIGCONT)
    server.cleanup()
