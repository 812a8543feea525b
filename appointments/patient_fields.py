"""How a patient is asked for each field of an appointment request.

The fields a patient gives are declared once, in order, on the model
(`AppointmentRequest.PATIENT_FIELDS`), each with an `Ask`: the form's wording and
control. Everything that takes, shows or gives back what a patient sent follows that
list: the web form and its page (forms.py, templates/appointments/), API v3's input
schema (api.py, made from the form's fields), the admin's panels, inspect view and
exports (wagtail_hooks.py), and a person's copy and correction form (data_requests.py).
So a new field is the model field, its `Ask`, a migration, a test and a docs line.

Two wordings per field, on purpose: the model's verbose_name is the staff's ("name",
in the admin and the exports), the `Ask` the patient's ("Full name", on the form and in
the API's description)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ask:
    label: str  # the form's label, in the patient's words
    hint: str = ""  # shown under the label; the API's description adds it
    # The form control's attributes (autofill, keyboard, size), on the control the
    # model field has by default (a text box, an email box, a text area…).
    attrs: dict = field(default_factory=dict)
    error_messages: dict = field(default_factory=dict)
    # As the model field says (blank or not) unless given: a model's BooleanField is
    # an optional box in Django's forms, and consent is a box the patient must tick.
    required: bool | None = None
    # Exports protect what a patient typed from being run as a spreadsheet formula
    # (wagtail_hooks.as_spreadsheet_text); a field whose validator admits no formula
    # (the phone number, whose leading + must survive) is exported as typed.
    export_as_typed: bool = False

    def formfield(self, model_field, **kwargs):
        """The model field's own form field (its type, length, choices), asked as here."""
        kwargs = {"label": self.label, "help_text": self.hint, **kwargs}
        if self.error_messages:
            kwargs["error_messages"] = self.error_messages
        if self.required is not None:
            kwargs["required"] = self.required
        if self.attrs:
            widget = type(model_field.formfield(**kwargs).widget)
            kwargs["widget"] = widget(attrs=self.attrs)
        return model_field.formfield(**kwargs)


def patient_formfield(model_field, **kwargs):
    """ModelForm's `formfield_callback`: each patient field asked as its model says."""
    return model_field.model.PATIENT_FIELDS[model_field.name].formfield(model_field, **kwargs)
