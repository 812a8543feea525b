from wagtail import hooks

from condition_pages.medical_review import APPROVAL_BLOCKERS_HOOK

from . import notes


@hooks.register(APPROVAL_BLOCKERS_HOOK)
def imported_text_still_to_place(page):
    return notes.approval_blockers(page)
