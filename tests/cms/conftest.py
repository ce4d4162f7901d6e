import pytest
from django.core.cache import cache
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

# The video in VideoBlock's preview value.
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@pytest.fixture(autouse=True)
def _fresh_site_root_paths(db):
    # Wagtail caches the site's root paths; the pages behind them are rolled back after each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cached_video_embed(db):
    """The preview video, as if already fetched from YouTube, so no test reaches the network."""
    return Embed.objects.create(
        url=VIDEO_URL,
        max_width=None,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="講義動画" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        provider_name="YouTube",
        width=640,
        height=360,
    )
