"""The Content-Security-Policy of every HTML page (django-csp 4), and the Wagtail admin's own.

The site's policy allows scripts from the site itself only: no inline script, no eval, no
script from another origin, so script injected into a page does not run (W3C Content Security
Policy Level 3; OWASP Content Security Policy Cheat Sheet). Styles come from the site too;
`style` attributes stay allowed (`style-src-attr`), since they cannot run code and our
templates set widths and white-space with them, while `<style>` elements are refused.

The Wagtail admin's own templates still write inline `<script>` for some widgets (inline
panels, date pickers) without a nonce, so below /admin/ inline script is allowed; everything
else of the policy holds there too. Only staff reach the admin, and what they edit is rendered
through Wagtail's escaping.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# Video embeds of course pages (cms.blocks.VideoBlock): YouTube and Vimeo only.
VIDEO_PLAYERS = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)

DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "style-src-elem": [SELF],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, *VIDEO_PLAYERS],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    # The admin shows page previews of this site in a frame; nobody else may frame it.
    "frame-ancestors": [SELF],
}

ADMIN_PREFIX = "/admin/"
ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src-elem": [SELF, UNSAFE_INLINE],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_REPLACEMENTS, **(parts.replace or {})}
        return parts
