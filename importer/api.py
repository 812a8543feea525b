"""`POST /api/v3/imports/`: apps migrating content send an old page (a file, or its
text) and get back the draft condition page made of it, as `GET /api/v3/pages/{id}/
?version=draft` gives it, with what still needs placing and what was left out.

The same permissions as creating a page through API v3: a bearer token whose account
may add pages, here under the condition index (and edit the page, when the source was
imported before). Bad input is a 422 problem+json whose errors name the field."""

from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from django.core.exceptions import PermissionDenied
from django.utils.text import slugify

from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.api.v3.permissions import require_any_permission
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page

from .drafts import CREATED, FAILED, ImportRefused, condition_index, import_document
from .models import ImportedSource
from .sources import SourceError, read_source, read_text
from .structure import NoSections, structure

router = Router(tags=["imports"])


class NeedsPlacing(Schema):
    text: str = Field(description="A sentence of the source no block took.")
    where: str = Field(description="The source's heading it was under.")


class LeftOut(Schema):
    text: str
    why: str = Field(description="e.g. “page furniture (the doctor list)”.")


class ImportResult(Schema):
    status: Literal["created", "updated", "unchanged", "kept"] = Field(
        description="`unchanged`: the source was imported before as it is; `kept`: its "
        "draft has been edited since, and was left alone."
    )
    submitted_for_review: bool = Field(
        description="The draft went to the Medical review. A draft with passages to "
        "place waits for its editor to place or dismiss them and submit it."
    )
    needs_placing: list[NeedsPlacing]
    left_out: list[LeftOut]
    page: PageDetailSchema = Field(description="The draft, as the page detail gives it.")


def problem(description):
    schema = ProblemDetail.model_json_schema()
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


def invalid(field, message):
    error = {"type": "invalid_source", "loc": ["body", field], "msg": message, "path": field}
    return problem_response(status=422, detail=f"{field}: {message}", errors=[error])


@router.post(
    "/",
    response={201: ImportResult, 200: ImportResult},
    auth=BearerTokenAuth(),
    url_name="create_import",
    operation_id="imports_create",
    summary="Import an old page as a draft condition page",
    description=(
        "Send `file` (a .txt of text copied from the old site, a saved .html page or a "
        ".docx Word document) or `text` (the page's text) as multipart/form-data. The "
        "page is structured into the article's typed blocks and saved as a draft under "
        "the condition index, then submitted to the Medical review; nothing imported is "
        "live before a clinical reviewer approves it. Sending the same source again "
        "(the same file name, or the same `name` with text) updates its draft: 201 when "
        "created, 200 otherwise."
    ),
    openapi_extra={
        "responses": {
            401: problem("No API token, or one that is unknown or revoked."),
            403: problem("The token's account may not create condition pages."),
            422: problem("The source cannot be imported; `errors[].path` names the field."),
        }
    },
)
@require_any_permission(Page, ("add",))
def create_import(
    request,
    file: UploadedFile | None = File(None),  # noqa: B008
    text: str | None = Form(None, description="The page's text, if no file is sent."),
    title: str | None = Form(None, max_length=255, description="The condition's name."),
    name: str | None = Form(
        None,
        max_length=200,
        description="Names the source of `text`, so that sending it again updates its "
        "draft (by default, its title).",
    ),
):
    if bool(file) == bool(text and text.strip()):
        return invalid("file", "send a file or text (one of the two)")
    field = "file" if file else "text"
    try:
        index = condition_index()
    except ImportRefused as error:
        return invalid(field, str(error))
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied("This API token may not create condition pages.")
    try:
        if file:
            document = read_source(f"api/{file.name}", file.read())
        else:
            document = read_text("api text.txt", text)
            draft = structure(document, title=title or "")
            document.name = f"api/{slugify(name or draft.title) or 'text'}"
    except (SourceError, NoSections) as error:
        return invalid(field, str(error))

    earlier = ImportedSource.objects.filter(source=document.name).select_related("page").first()
    if earlier and not earlier.page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied("This API token may not change the page of that source.")
    result = import_document(document, user=request.user, title=title or "")
    if result.status == FAILED:
        return invalid(field, result.message)
    return Status(
        201 if result.status == CREATED else 200,
        {
            "status": result.status,
            "submitted_for_review": result.submitted,
            "needs_placing": result.draft.needs_placing,
            "left_out": result.draft.dropped,
            "page": result.page.get_latest_revision_as_object(),
        },
    )
