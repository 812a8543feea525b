"""`POST /api/v3/appointments/`: an app sends a patient's appointment request.

The same request as the web form's, under the same rules: validated by
AppointmentRequestForm itself, counted by the same rate limit, stored before staff are
emailed, and readable by staff only (nothing here reads a request back; the answer is
its id). Only apps that staff have let in may call it: an API token whose account has
the "Can send appointment requests by API" permission (the "Appointment apps" group),
so that the endpoint is no open relay for spam into the appointments team's list."""

from functools import partial
from typing import Literal

from ninja import Field, Header, Router, Schema
from pydantic import ConfigDict, StrictBool, create_model

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied

from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response

from content_api.v3.writes import with_error_paths

from . import idempotency
from .forms import AppointmentRequestForm
from .models import AppointmentRequest
from .ratelimit import app_limit

SUBMIT_PERMISSION = "appointments.submit_appointmentrequest"
FORM_FIELDS = AppointmentRequestForm.base_fields


class AppointmentAppToken(BearerTokenAuth):
    openapi_description = (
        "An API token issued by staff (Settings > API tokens) to an account in the "
        '"Appointment apps" group, whose only permission is to send appointment '
        "requests. A missing or unknown token is a 401; a token without that "
        "permission a 403."
    )

    def authenticate(self, request, token):
        """Refused before the body is even read: a caller that may not send requests
        learns nothing from validating one."""
        api_token = super().authenticate(request, token)
        if api_token and not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied("This API token may not send appointment requests.")
        return api_token


# Where the API asks differently from the web form: a condition by its page id (the
# form takes its name), and consent as a JSON true standing for the box the form shows.
API_TYPES = {"condition": int}
API_DESCRIPTIONS = {
    "condition": "The id of the live condition page this is about (from "
    "`/api/v3/conditions/`); leave it out if the patient is not sure.",
    "consent": "The patient agreed that the hospital may contact them about this request, "
    f"as the web form asks (“{FORM_FIELDS['consent'].label}”). Must be true.",
}


def json_type(field):
    """The JSON type an app sends for a form field."""
    if isinstance(field, forms.BooleanField):
        # JSON true or false only: lax, pydantic would take "yes", 1 or "on" too.
        return StrictBool
    if isinstance(field, forms.ChoiceField):
        # The choices as an enum, so that apps can offer them.
        return Literal[tuple(value for value, _ in field.choices if value != "")]
    return str


def body_field(name):
    """A body field described by the web form's own field: its JSON type, whether it is
    required, its label, hint and maximum length. The form checks them all (the length
    only in the form, so that one rule gives one message)."""
    field = FORM_FIELDS[name]
    hint = f" {field.help_text}" if field.help_text else ""
    extra = {"maxLength": field.max_length} if getattr(field, "max_length", None) else None
    json_field = Field(
        ... if field.required else None,
        description=API_DESCRIPTIONS.get(name, f"{field.label}.{hint}"),
        json_schema_extra=extra,
    )
    type_ = API_TYPES.get(name) or json_type(field)
    return (type_ if field.required else type_ | None), json_field


class PatientInput(Schema):
    """What the patient gives. A phone number or an email address is required (either
    will do), and their consent to be contacted."""

    model_config = ConfigDict(extra="forbid", title="AppointmentRequestInput")


# Its fields, each of the model's patient fields as the form takes it.
AppointmentRequestInput = create_model(
    "AppointmentRequestInput",
    __base__=PatientInput,
    __module__=__name__,
    __doc__=PatientInput.__doc__,
    **{name: body_field(name) for name in AppointmentRequest.PATIENT_FIELDS},
)


class AppointmentRequestCreated(Schema):
    id: int = Field(description="The stored request's id, to quote to the hospital.")


def as_form_data(data):
    """The body as the web form would post it: a field left out is left empty."""
    return {name: "" if value is None else value for name, value in data.model_dump().items()}


def form_errors(form):
    """The form's errors as a 422 that names each field, in the shape of the API's own
    validation errors."""
    errors = [
        {
            "type": error["code"] or "invalid",
            "loc": ["body", "data"] + ([] if field == "__all__" else [field]),
            "msg": error["message"],
        }
        for field, field_errors in form.errors.get_json_data().items()
        for error in field_errors
    ]
    errors, detail = with_error_paths(errors)
    return problem_response(status=422, detail=detail, errors=errors)


def too_many_requests(retry_after):
    response = problem_response(
        status=429,
        detail="Too many appointment requests: try again in "
        f"{retry_after} seconds. Nothing was stored.",
    )
    response["Retry-After"] = str(retry_after)
    return response


def save(form, request):
    appointment = form.save_and_notify(app_request=request)
    return 201, AppointmentRequestCreated(id=appointment.pk).model_dump(mode="json")


router = Router(tags=["appointments"])


def problem(description, **extra):
    """An error answer as the API sends it: RFC 7807 problem+json (which Ninja's
    `response=` would describe as plain JSON)."""
    schema = ProblemDetail.model_json_schema()
    content = {"application/problem+json": {"schema": schema}}
    return {"description": description, "content": content, **extra}


RESPONSES = {
    201: {
        "headers": {
            idempotency.REPLAYED_HEADER: {
                "description": "`true` when this is the answer first given under the "
                "request's Idempotency-Key, and nothing new was stored.",
                "schema": {"type": "string", "enum": ["true"]},
            }
        }
    },
    401: problem("No API token, or one that is unknown or revoked."),
    403: problem("The token's account may not send appointment requests."),
    422: problem(
        "The request breaks one of the form's rules (each error's `path` names the "
        "field), or its Idempotency-Key was used for a different request."
    ),
    429: problem(
        "Too many requests from this address or with this token; nothing was stored.",
        headers={
            "Retry-After": {
                "description": "Seconds to wait before sending it again.",
                "schema": {"type": "integer"},
            }
        },
    ),
}


@router.post(
    "/",
    response={201: AppointmentRequestCreated},
    openapi_extra={"responses": RESPONSES},
    auth=AppointmentAppToken(),
    url_name="create_appointment_request",
    operation_id="appointments_create",
    summary="Send an appointment request",
    description=(
        "Stores a patient's request to be contacted about an appointment, as the web "
        "form at `/appointments/` does and under the same rules, and tells the "
        "appointments team. Only staff read requests, in the admin: the answer is the "
        "request's id, and no endpoint returns a request.\n\n"
        "Send an `Idempotency-Key` (a UUID, say) to retry safely: a retry under the "
        f"same key within {settings.APPOINTMENTS_IDEMPOTENCY_KEY_HOURS} hours gets the "
        "first answer again, with the header "
        "`Idempotent-Replayed: true`, and stores nothing; the same key with a different "
        "body is a 422. A request refused with 422 or 429 is not remembered, so it can "
        "be corrected and sent again under its key.\n\n"
        "Rate limited per client address (as the web form) and per API token: a 429 "
        "says when to retry in `Retry-After`."
    ),
)
def create_appointment_request(
    request,
    data: AppointmentRequestInput,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[!-~]+$",
        description="A key of your choosing, unique to this request (a UUID, say), "
        "printable ASCII without spaces.",
    ),
):
    payload = data.model_dump(mode="json")
    fingerprint = idempotency.fingerprint(payload)
    if idempotency_key and (
        earlier := idempotency.earlier_response(request.user, idempotency_key, fingerprint)
    ):
        return earlier

    form = AppointmentRequestForm(as_form_data(data))
    if not form.is_valid():
        return form_errors(form)
    if (retry_after := app_limit(request)) is not None:
        return too_many_requests(retry_after)
    store = partial(save, form, request)
    return idempotency.store_once(request.user, idempotency_key, fingerprint, store)
