from django import template

from cohorts import selectors

register = template.Library()


@register.inclusion_tag("cohorts/includes/programme_cohorts.html")
def programme_cohorts(page):
    """The current and upcoming cohorts of the programme a ProgrammePage presents."""
    return {"cohorts": selectors.current_and_upcoming_cohorts(programme_page=page)}
