"""Who may read and who may write, for every route of the site: one table.

Each named route of our URLconf has an entry; tests/school/test_access_policy.py walks the
URLconf and fails for a route without one, then requests every route as every kind of user
below, with objects that belong to one participant of one cohort, and checks the answer (and
that a refused POST changed nothing). So a new view cannot ship without a decision about who may
use it.

The views enforce the rules themselves (with the selectors they share); this table is the
statement of intent they are tested against, not a second implementation.

Kinds of user, relative to the objects in the URL (a participant's plan, a cohort's session...):
- anonymous;
- owner: the participant the objects belong to;
- peer: another participant of the same cohort;
- outsider: a participant of another cohort;
- instructor: an instructor teaching the objects' cohort;
- other_instructor: an instructor teaching another cohort only;
- administrator: a programme administrator;
- city: a member of the city's staff, who reads the programme's outcomes as aggregates only.
"""

from dataclasses import dataclass
from enum import StrEnum


class Who(StrEnum):
    ANONYMOUS = "anonymous"
    OWNER = "owner"
    PEER = "peer"
    OUTSIDER = "outsider"
    INSTRUCTOR = "instructor"
    OTHER_INSTRUCTOR = "other_instructor"
    ADMINISTRATOR = "administrator"
    CITY = "city"


EVERYONE = frozenset(Who)
NOBODY: frozenset[Who] = frozenset()
SIGNED_IN = EVERYONE - {Who.ANONYMOUS}
PARTICIPANTS = frozenset({Who.OWNER, Who.PEER, Who.OUTSIDER})
TEACHING_TEAM = frozenset({Who.INSTRUCTOR, Who.ADMINISTRATOR})
OWNER_AND_TEACHING_TEAM = TEACHING_TEAM | {Who.OWNER}
COHORT = OWNER_AND_TEACHING_TEAM | {Who.PEER}
ADMINISTRATORS = frozenset({Who.ADMINISTRATOR})
STAFF = frozenset({Who.INSTRUCTOR, Who.OTHER_INSTRUCTOR, Who.ADMINISTRATOR})
OUTCOME_READERS = ADMINISTRATORS | {Who.CITY}


@dataclass(frozen=True)
class Access:
    """`read`: who gets the page (GET); `write`: who may POST. A route that answers only GET
    has write=NOBODY; one that answers only POST has read=NOBODY (GET is 405 for all)."""

    read: frozenset[Who]
    write: frozenset[Who] = NOBODY
    why: str = ""


ROUTES: dict[str, Access] = {
    # --- school: public pages, log-in, the dashboard ---------------------------------------
    "home": Access(read=EVERYONE, why="the home page, or the dashboard when signed in"),
    "school:health": Access(read=EVERYONE, why="load balancers probe it; reveals no data"),
    "school:dashboard": Access(read=SIGNED_IN),
    "school:login": Access(read=EVERYONE, write=EVERYONE),
    "school:logout": Access(read=NOBODY, write=EVERYONE, why="POST only"),
    "school:password_reset": Access(read=EVERYONE, write=EVERYONE),
    "school:password_reset_done": Access(read=EVERYONE),
    "school:password_reset_confirm": Access(
        read=EVERYONE, write=EVERYONE, why="the signed token in the URL is the permission"
    ),
    "school:password_reset_complete": Access(read=EVERYONE),
    "school:password_change": Access(read=SIGNED_IN, write=SIGNED_IN),
    "school:password_change_done": Access(read=SIGNED_IN),
    "school:accept_invitation": Access(
        read=EVERYONE, write=EVERYONE, why="the signed single-use token is the permission"
    ),
    "school:notifications": Access(read=SIGNED_IN, why="each user's own notifications"),
    "school:notification_open": Access(
        read=NOBODY, write={Who.OWNER}, why="the recipient's; another's answers as a missing one"
    ),
    "school:notification_read": Access(read=NOBODY, write={Who.OWNER}, why="the recipient's"),
    "school:notifications_read_all": Access(
        read=NOBODY, write=SIGNED_IN, why="each user's own notifications"
    ),
    "school:notification_preferences": Access(
        read=SIGNED_IN, write=SIGNED_IN, why="each user's own e-mail choices"
    ),
    "school:my_data_download": Access(
        read=SIGNED_IN, why="each person's own data, as one ZIP (docs/personal-data.md)"
    ),
    "set_language": Access(read=EVERYONE, write=EVERYONE, why="Django's language switcher"),
    "school:switch_language": Access(read=EVERYONE, why="sets the language cookie only"),
    "search_in_language": Access(
        read=EVERYONE, why="as cms:search, in the language of the page's prefix"
    ),
    "cms:search": Access(read=EVERYONE, why="results filtered by what the user may read"),
    # --- cohorts ---------------------------------------------------------------------------
    "cohorts:schedule": Access(read=SIGNED_IN, why="each user's own sessions"),
    "cohorts:course_content": Access(read=SIGNED_IN, why="the modules of each user's programmes"),
    "cohorts:renew_calendar_feed": Access(read=NOBODY, write=SIGNED_IN, why="their own feed"),
    "cohorts:calendar_feed": Access(read=EVERYONE, why="the secret token is the permission"),
    "cohorts:my_attendance": Access(read=SIGNED_IN, why="each user's own attendance"),
    "cohorts:mark_attendance": Access(read=TEACHING_TEAM, write=TEACHING_TEAM),
    "cohorts:export_enrolments": Access(read=TEACHING_TEAM),
    "cohorts:export_attendance": Access(read=TEACHING_TEAM),
    "cohorts:company_detail": Access(read=ADMINISTRATORS),
    # --- workshops: the plan ---------------------------------------------------------------
    "workshops:plan_editor": Access(
        read=OWNER_AND_TEACHING_TEAM, write={Who.OWNER}, why="the teaching team reads"
    ),
    "workshops:plan_autosave": Access(read=NOBODY, write={Who.OWNER}),
    "workshops:plan_diff": Access(read=OWNER_AND_TEACHING_TEAM),
    "workshops:plan_version": Access(read=OWNER_AND_TEACHING_TEAM),
    "workshops:attachment_upload": Access(read=NOBODY, write={Who.OWNER}),
    "workshops:attachment_download": Access(read=OWNER_AND_TEACHING_TEAM),
    "workshops:attachment_delete": Access(read=NOBODY, write={Who.OWNER}),
    "workshops:plan_pdf": Access(read=COHORT, why="peers only while the version is shared"),
    "workshops:version_attachment_download": Access(
        read=COHORT, why="as the version: peers only while it is shared"
    ),
    "workshops:plan_share": Access(read=NOBODY, write={Who.OWNER}),
    "workshops:plan_share_withdraw": Access(read=NOBODY, write={Who.OWNER}),
    "workshops:cohort_shared_plans": Access(read=COHORT),
    "workshops:shared_plan": Access(
        read=COHORT, write={Who.OWNER, Who.PEER}, why="members comment; the team reads"
    ),
    # --- workshops: DX認定 readiness and documents (docs/certification.md) ------------------
    "workshops:certification_readiness": Access(read=OWNER_AND_TEACHING_TEAM, why="as the plan"),
    "workshops:certification_record": Access(
        read=OWNER_AND_TEACHING_TEAM, write={Who.OWNER}, why="the company's; the team reads"
    ),
    "workshops:certification_publication": Access(
        read=OWNER_AND_TEACHING_TEAM, write={Who.OWNER}, why="the company's; the team reads"
    ),
    "workshops:dx_strategy": Access(read=OWNER_AND_TEACHING_TEAM, why="the latest version"),
    "workshops:dx_strategy_pdf": Access(read=OWNER_AND_TEACHING_TEAM, why="the latest version"),
    "workshops:certification_application_docx": Access(
        read=OWNER_AND_TEACHING_TEAM, why="the latest version"
    ),
    # --- workshops: the DX推進指標 self-assessment (docs/certification.md) ------------------
    "workshops:self_assessment": Access(
        read=OWNER_AND_TEACHING_TEAM, write={Who.OWNER}, why="the participant's; the team reads"
    ),
    "workshops:self_assessment_xlsx": Access(read=OWNER_AND_TEACHING_TEAM, why="as the page"),
    # --- workshops: alumni check-ins -------------------------------------------------------
    "workshops:check_in_list": Access(read=SIGNED_IN, why="each user's own check-ins"),
    "workshops:check_in": Access(
        read={Who.OWNER}, write={Who.OWNER}, why="the e-mailed link; only the alumnus reports"
    ),
    "workshops:check_in_version": Access(read=OWNER_AND_TEACHING_TEAM, why="as the plan"),
    # --- workshops: grading ----------------------------------------------------------------
    "workshops:grading_queue": Access(read=STAFF, why="each instructor sees their cohorts only"),
    "workshops:grading_screen": Access(read=TEACHING_TEAM, write=TEACHING_TEAM),
    "workshops:grading_bulk_release": Access(
        read=NOBODY, write=STAFF, why="releases only the ticked drafts of cohorts they teach"
    ),
    "workshops:grades_csv": Access(read=TEACHING_TEAM),
    "workshops:workshop_plans_zip": Access(read=TEACHING_TEAM),
    # --- workshops: presentation day (docs/presentations.md) ---- ---------------------------
    "workshops:presentations:event_list": Access(read=STAFF, why="each their cohorts' events"),
    "workshops:presentations:event_create": Access(read=TEACHING_TEAM, write=TEACHING_TEAM),
    "workshops:presentations:join": Access(
        read=EVERYONE, write=EVERYONE, why="the code shown in the room is the permission"
    ),
    "workshops:presentations:join_code": Access(
        read=EVERYONE, write=EVERYONE, why="the code shown in the room is the permission"
    ),
    "workshops:presentations:manage": Access(read=TEACHING_TEAM),
    "workshops:presentations:presenter_move": Access(read=NOBODY, write=TEACHING_TEAM),
    "workshops:presentations:advance": Access(read=NOBODY, write=TEACHING_TEAM),
    "workshops:presentations:end": Access(read=NOBODY, write=TEACHING_TEAM),
    "workshops:presentations:room": Access(read=TEACHING_TEAM, why="shown on the room's screen"),
    "workshops:presentations:results": Access(read=TEACHING_TEAM),
    "workshops:presentations:release": Access(read=NOBODY, write=TEACHING_TEAM),
    "workshops:presentations:results_csv": Access(read=TEACHING_TEAM),
    "workshops:presentations:state": Access(
        read=COHORT, why="the cohort's members judge; the team runs the stage; guests by cookie"
    ),
    "workshops:presentations:scoring": Access(
        read={Who.OWNER, Who.PEER}, why="the cohort's members, and guests by cookie"
    ),
    "workshops:presentations:score_save": Access(
        read=NOBODY, write={Who.OWNER, Who.PEER}, why="self-scoring is refused by the service"
    ),
    "workshops:presentations:guest_leave": Access(
        read=NOBODY, write=EVERYONE, why="forgets this phone's guest cookie only"
    ),
    "workshops:presentations:feedback": Access(
        read=OWNER_AND_TEACHING_TEAM, why="the presenter once released"
    ),
    "workshops:presentations:feedback_pdf": Access(
        read=OWNER_AND_TEACHING_TEAM, why="the presenter once released"
    ),
    # --- workshops: programme outcomes -----------------------------------------------------
    "workshops:outcomes": Access(
        read=OUTCOME_READERS, why="the city sees aggregates of at least 3 companies only"
    ),
    "workshops:outcomes_csv": Access(read=OUTCOME_READERS, why="the same figures as the page"),
    # --- certificates ----------------------------------------------------------------------
    "certificates:verify_form": Access(read=EVERYONE, why="public verification, rate-limited"),
    "certificates:verify": Access(read=EVERYONE, why="the unguessable code is the key"),
    "certificates:verify_json": Access(read=EVERYONE, why="the unguessable code is the key"),
    "certificates:download": Access(read=OWNER_AND_TEACHING_TEAM),
    # --- certificates: the Open Badges credentials (docs/credentials.md) --------------------
    "did_document": Access(read=EVERYONE, why="the issuer's public keys: verifiers need them"),
    "credentials:status_list": Access(read=EVERYONE, why="revocations, signed; verifiers need it"),
    "credentials:download": Access(read=EVERYONE, why="the unguessable code is the key"),
    "credentials:achievement": Access(read=EVERYONE, why="leads to the programme's public page"),
    "credentials:verify_file": Access(
        read=EVERYONE, write=EVERYONE, why="checks a pasted file; stores nothing"
    ),
    # --- course content media --------------------------------------------------------------
    "cms_images:file": Access(
        read=STAFF, why="an image nothing uses yet is back-office material (tests/cms)"
    ),
    # --- our own views inside the Wagtail admin --------------------------------------------
    "cohorts_admin_enrol_person": Access(read=ADMINISTRATORS, write=ADMINISTRATORS),
    "cohorts_admin_import_csv": Access(read=ADMINISTRATORS, write=ADMINISTRATORS),
    "cohorts_admin_resend_invitation": Access(read=NOBODY, write=ADMINISTRATORS),
    "certificates_admin_index": Access(read=ADMINISTRATORS),
    "certificates_admin_eligibility": Access(read=ADMINISTRATORS),
    "certificates_admin_issue_for_cohort": Access(read=NOBODY, write=ADMINISTRATORS),
    "certificates_admin_issue_for_enrolment": Access(read=NOBODY, write=ADMINISTRATORS),
    "certificates_admin_issuing_progress": Access(
        read=ADMINISTRATORS, why="the progress bar of a cohort's issuing"
    ),
    "certificates_admin_revoke": Access(read=ADMINISTRATORS, write=ADMINISTRATORS),
    "certificates_admin_reissue": Access(read=ADMINISTRATORS, write=ADMINISTRATORS),
    "school_admin_erasure": Access(read=ADMINISTRATORS, why="finds a person by e-mail (GET)"),
    "school_admin_erasure_person": Access(
        read=ADMINISTRATORS, write=ADMINISTRATORS, why="erasure; the typed address confirms it"
    ),
}

# Routes that belong to Wagtail or Django and keep their own permission systems: the pages
# tree (module pages are checked by a before_serve_page hook, tests/cohorts), documents and
# images (serve hooks), and the admin (Wagtail's permissions; tests/cms/test_admin.py). The
# matrix test checks a representative of each; these prefixes are what the walk skips.
FRAMEWORK_NAMESPACES = (
    "wagtail",
    "wagtailadmin",
    "wagtaildocs",
    "wagtailimages",
    "wagtailsnippets",
    "simple_translation",
    "admin_",
)


@dataclass(frozen=True)
class AdminRows:
    """Who may see a row of one cohort in one of our admin viewsets (listed, or opened by id on
    its inspect page), and who may open its edit page. Relative to the row's cohort: the
    instructor teaches it, the other instructor teaches another cohort only."""

    see: frozenset[Who]
    edit: frozenset[Who] = ADMINISTRATORS


# Our admin viewsets (cohorts/viewsets.py, workshops/viewsets.py), whose routes the walk above
# leaves to Wagtail's permissions; their rows are limited to the cohorts the viewer teaches
# (cohorts/admin_scoping.py). tests/school/test_access_policy.py checks each as these three users.
COHORT_ADMIN_VIEWSETS: dict[str, AdminRows] = {
    "admin_cohorts": AdminRows(see=TEACHING_TEAM),
    "admin_enrolments": AdminRows(see=TEACHING_TEAM),
    "admin_sessions": AdminRows(see=TEACHING_TEAM),
    "admin_teaching_assignments": AdminRows(see=TEACHING_TEAM),
    "admin_companies": AdminRows(see=TEACHING_TEAM),
    "admin_workshops": AdminRows(see=TEACHING_TEAM),
    "admin_workshop_extensions": AdminRows(see=TEACHING_TEAM, edit=TEACHING_TEAM),
}
# Our admin viewsets whose rows belong to no cohort: Wagtail's model permissions decide.
ADMIN_VIEWSETS_WITHOUT_COHORT = ("admin_programmes", "admin_rubrics", "admin_audit_trail")
