"""Django's file cache, checked for fullness now and then instead of before every write."""

import itertools

from django.core.cache.backends.filebased import FileBasedCache


class FolderCache(FileBasedCache):
    """`FileBasedCache` lists its whole folder before every write to see whether it is
    full. The `shared` cache is written on every check-in (the user's data version) and
    the `sessions` cache on every sign-in, each with a file per person, so once the site
    has many users that listing would cost more than the write it guards.

    Here one write in `CHECK_EVERY` (an OPTIONS key, default 100) per process looks: the
    folder may run over MAX_ENTRIES by that many entries per worker before it is culled,
    a few hundred bytes each.
    """

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._check_every = int(params.get("OPTIONS", {}).get("CHECK_EVERY", 100))
        self._writes = itertools.count()  # next() on it is atomic under the GIL

    def _cull(self):
        if next(self._writes) % self._check_every == 0:
            super()._cull()
