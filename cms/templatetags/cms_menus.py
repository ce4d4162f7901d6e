"""The public site's menu: the home page's children that editors mark "Show in menus"
(Wagtail's own field on the Promote tab), in the language being shown."""

from django import template
from django.utils.translation import get_language

from cms import selectors

register = template.Library()


@register.inclusion_tag("cms/includes/public_menu.html", takes_context=True)
def public_menu(context):
    request = context.get("request")
    current = context.get("page")
    items = selectors.menu_links(language=get_language(), request=request) if request else []
    current_path = getattr(current, "url_path", None) or ""
    return {
        "items": [
            {**item, "is_current": bool(current_path) and current_path.startswith(item["url_path"])}
            for item in items
        ]
    }
