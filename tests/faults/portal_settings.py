"""The production settings, with static files collected into the fault tests' own folder."""

import os
from pathlib import Path

from examportal.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["FAULTS_STATIC_ROOT"])
