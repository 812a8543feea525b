from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("", views.appointment_request, name="request"),
    path("thanks/", views.thanks, name="thanks"),
]
