"""What keeps patients' data out of error reports.

Django's error reports (the email to ADMINS, the DEBUG page, any error tracker fed by
them) show the query string, what was posted and every local variable of every frame.
For the views that receive or show appointment requests, these hide all of it, not only
the fields someone remembered to mark with @sensitive_post_parameters: a new field is
hidden from the day it is added, and so is a search for a patient's name in the staff's
listing (`?q=`). The path and the traceback's code stay: that is what finding the bug
needs."""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# The public form, the apps' API and the staff's admin views.
PERSONAL_DATA_PATHS = ("/appointments/", "/api/v3/appointments/", "/admin/appointment_requests/")


def handles_personal_data(request):
    return request is not None and request.path.startswith(PERSONAL_DATA_PATHS)


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if handles_personal_data(request):
            return dict.fromkeys(request.POST, self.cleansed_substitute)
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if handles_personal_data(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if handles_personal_data(request):
            for name in ("QUERY_STRING", "HTTP_REFERER"):
                if name in meta:
                    meta[name] = self.cleansed_substitute
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """The query string is not the filter's to hide (Django shows it as it came)."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if handles_personal_data(self.request):
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(name, substitute) for name in self.request.GET]
            data["request_insecure_uri"] = self.request.build_absolute_uri(self.request.path)
        return data
