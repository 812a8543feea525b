"""Wagtail API v2: one router for pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter

from content_api.v2 import (
    ConditionPagesAPIViewSet,
    PagePreviewAPIViewSet,
    StrictDocumentsAPIViewSet,
    StrictImagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
# "pages" first: the router links a page to the first endpoint registered for its model.
api_router.register_endpoint("pages", ConditionPagesAPIViewSet)
api_router.register_endpoint("images", StrictImagesAPIViewSet)
api_router.register_endpoint("documents", StrictDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
