"""Serializer fields that give API v2 the condition fields as typed JSON."""

from rest_framework import serializers

from wagtail.api.utils import get_full_url

from .renditions import image_representation


class SynonymsSerializer(serializers.ListField):
    child = serializers.CharField()


class SpecialtySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class ClinicalCodeSerializer(serializers.Serializer):
    system = serializers.CharField()
    code = serializers.CharField()


class ClinicianSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    credentials = serializers.CharField()


class HeroImageSerializer(serializers.Field):
    def to_representation(self, image):
        return image_representation(image, self.context.get("request"))


class RelatedConditionsSerializer(serializers.Field):
    """Related conditions that are live and public, as links an app can follow."""

    def to_representation(self, page):
        request = self.context.get("request")
        router = self.context.get("router")
        return [
            {
                "id": related.id,
                "title": related.title,
                "summary": related.summary,
                "html_url": related.get_full_url(request),
                "detail_url": router
                and get_full_url(
                    request, router.get_object_detail_urlpath(type(related), related.id)
                ),
            }
            for related in page.live_related_conditions
        ]
