from django import template

from cohorts import selectors
from cohorts.percentages import share_as_percent

register = template.Library()


@register.inclusion_tag("cohorts/includes/programme_cohorts.html")
def programme_cohorts(page):
    """The current and upcoming cohorts of the programme a ProgrammePage presents."""
    return {"cohorts": selectors.current_and_upcoming_cohorts(programme_page=page)}


@register.filter
def percent_of_share(share) -> str:
    """A stored share (0.8) as the percentage people read ("80")."""
    return share_as_percent(share)


@register.simple_tag
def programme_cohort_list(page):
    """The same cohorts as a list, for a page that shows them in more than one place (the
    programme page's dates at a glance and its list of cohorts): read once."""
    return selectors.current_and_upcoming_cohorts(programme_page=page)
