from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from guidance.models import published_guide


class GuideSitemap(Sitemap):
    """Published parts and practices only: drafts and scheduled items stay out."""

    def items(self):
        return published_guide()

    def lastmod(self, item):
        return item.updated_at


class PagesSitemap(Sitemap):
    def items(self):
        return ["home", "guidance:index"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"guide": GuideSitemap, "pages": PagesSitemap}
