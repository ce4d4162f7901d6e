"""The person's part of cms in an erasure (school/erasure/services.py): the public profile of
someone who taught. It stays where module pages show it, so that the pages keep their layout,
but it no longer names, describes or shows the person, and no longer links to the account.
The photo goes when no other profile uses it."""

from wagtail import hooks

from cms.models import InstructorProfile
from school.erasure.parts import ERASED_FAMILY_NAME, ERASURE_COUNTS_HOOK, ERASURE_HOOK


@hooks.register(ERASURE_COUNTS_HOOK)
def erasure_counts(user) -> dict[str, int]:
    return {"instructor profiles anonymised": InstructorProfile.objects.filter(user=user).count()}


@hooks.register(ERASURE_HOOK)
def erase_instructor_profile(erasure) -> None:
    for profile in InstructorProfile.objects.filter(user=erasure.user):
        photo = profile.photo
        profile.name = ERASED_FAMILY_NAME
        profile.name_en = profile.title = profile.title_en = ""
        profile.biography = profile.biography_en = ""
        profile.photo = None
        profile.user = None
        # save(), so the search index forgets the name too.
        profile.full_clean()
        profile.save()
        if photo is not None and not InstructorProfile.objects.filter(photo=photo).exists():
            erasure.delete_file_after_commit(photo.file)
            photo.delete()
        erasure.count("instructor profiles anonymised", 1)
