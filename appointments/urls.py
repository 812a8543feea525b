from django.urls import path

from . import condition_lookup, views

app_name = "appointments"

urlpatterns = [
    path("", views.appointment_request, name="request"),
    path("thanks/", views.thanks, name="thanks"),
    path("conditions/", condition_lookup.conditions_json, name="conditions"),
]
