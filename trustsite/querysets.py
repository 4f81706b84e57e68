"""QuerySet pieces shared by the apps."""

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one user, through `owner_path` (a field or an ORM path)."""

    owner_path = "owner"

    def for_user(self, user):
        """Only rows this user owns; anonymous users own nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{self.owner_path: user})
