"""Certificates are rendered in bulk: say loudly at start when font subsetting will be slow."""

import ctypes.util
import logging

logger = logging.getLogger(__name__)


def warn_without_harfbuzz_subset() -> bool:
    # school.checks reports the same as a system check (school.W001); a worker never runs the
    # checks, so the app also logs it at start, where the worker's log shows it.
    if ctypes.util.find_library("harfbuzz-subset"):
        return False
    logger.warning(
        "libharfbuzz-subset is not installed: WeasyPrint falls back to fontTools and "
        "certificate PDFs render about 8x slower. Install libharfbuzz-subset0."
    )
    return True
