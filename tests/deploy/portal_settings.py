"""The portal's production settings with STATIC_ROOT in a temporary folder (the deploy tests
collect static files there instead of into the checkout)."""

import os

from examportal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["DEPLOY_TEST_STATIC_ROOT"]
