"""The condition page's admin form: only people who may publish may schedule.

Wagtail offers the go-live and expiry dates to anyone who can edit, and applies them
when the revision is next published. An editor without publish rights could thus set
a date that a reviewer's approval turns into a schedule they never chose, so the
fields are kept from such users: their dates are whatever a publisher last set (and
the status panel offers them no schedule: site_config.patches)."""

from wagtail.admin.forms import WagtailAdminPageForm

SCHEDULE_FIELDS = ("go_live_at", "expire_at")


class ConditionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.user_can_publish():
            for name in SCHEDULE_FIELDS:
                self.fields.pop(name, None)

    def user_can_publish(self):
        user = self.for_user
        if user is None:
            return True  # a form built outside a request, e.g. by a management command
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        return self.parent_page.permissions_for_user(user).can_publish_subpage()
