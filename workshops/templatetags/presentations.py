"""The link from a plan to the feedback on its presentation, for its author."""

from django import template

from workshops.presentations.selectors import released_presentations_of_version

register = template.Library()


@register.inclusion_tag(
    "workshops/presentations/includes/plan_feedback_links.html", takes_context=True
)
def presentation_feedback_links(context, version):
    request = context.get("request")
    if request is None or version.enrolment.user_id != request.user.pk:
        return {"presentations": []}
    return {"presentations": list(released_presentations_of_version(version=version))}
