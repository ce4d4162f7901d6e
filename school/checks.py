"""System checks for what the machine must provide beyond Python packages."""

import ctypes.util

from django.core.checks import Warning, register


@register()
def check_pdf_font_subsetting(app_configs, **kwargs):
    # WeasyPrint subsets embedded fonts with HarfBuzz when libharfbuzz-subset is present and
    # falls back to fontTools otherwise, which is about eight times slower with a Japanese font.
    if ctypes.util.find_library("harfbuzz-subset"):
        return []
    return [
        Warning(
            "libharfbuzz-subset is not installed: PDFs will render about 8x slower.",
            hint="Install it: apt-get install libharfbuzz-subset0 (or run `make system-deps`).",
            id="school.W001",
        )
    ]
