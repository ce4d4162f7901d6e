from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from school.personal_data import personal_data_zip


@login_required
@never_cache
def my_data_download(request):
    """The signed-in person's own data, and never anyone else's: there is no id to change."""
    response = HttpResponse(personal_data_zip(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"my-data_{timezone.localdate():%Y%m%d}.zip"
    )
    return response
