"""S3-compatible object storage for uploaded media, when AWS_STORAGE_BUCKET_NAME is set
(settings/base.py, "Uploaded media")."""

from storages.backends.s3 import S3Storage

from .media import cache_control_for


class MediaS3Storage(S3Storage):
    """Stores each file with the Cache-Control that the local media view would send, so
    the bucket, or the CDN in front of it, serves images as the app servers would."""

    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), "CacheControl": cache_control_for(name)}
