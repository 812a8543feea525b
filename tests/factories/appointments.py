"""Test data: appointment requests as the public form would have stored them."""

import factory

from appointments.models import AppointmentRequest


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Patient {n}")
    phone = "+91 22 1234 5678"
    email = factory.Sequence(lambda n: f"patient{n}@example.org")
    message = "Weekday mornings"
    consent = True

    class Meta:
        model = AppointmentRequest
