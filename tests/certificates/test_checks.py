import ctypes.util

from certificates.checks import warn_without_harfbuzz_subset


def test_the_app_warns_loudly_when_weasyprint_would_subset_fonts_without_harfbuzz(
    monkeypatch, caplog
):
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)

    with caplog.at_level("WARNING", logger="certificates.checks"):
        warned = warn_without_harfbuzz_subset()

    assert warned
    assert "libharfbuzz-subset" in caplog.text


def test_the_app_stays_quiet_when_harfbuzz_subset_is_installed(monkeypatch, caplog):
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: f"lib{name}.so.0")

    with caplog.at_level("WARNING", logger="certificates.checks"):
        warned = warn_without_harfbuzz_subset()

    assert not warned
    assert caplog.text == ""
