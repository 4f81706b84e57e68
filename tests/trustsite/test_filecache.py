"""The folder cache behind sessions and data versions: culled, but not listed on every write."""

from pathlib import Path

from trustsite.filecache import FolderCache


def folder_cache(tmp_path: Path, **options) -> FolderCache:
    return FolderCache(str(tmp_path), {"OPTIONS": options})


def entries(tmp_path: Path) -> int:
    return len(list(tmp_path.glob("*.djcache")))


def test_it_stores_and_reads_back(tmp_path):
    cache = folder_cache(tmp_path)
    cache.set("data-version:7", "abc123")
    assert cache.get("data-version:7") == "abc123"
    assert FolderCache(str(tmp_path), {}).get("data-version:7") == "abc123"  # another worker


def test_a_full_folder_is_culled_within_check_every_writes(tmp_path):
    cache = folder_cache(tmp_path, MAX_ENTRIES=20, CULL_FREQUENCY=2, CHECK_EVERY=10)
    for n in range(200):
        cache.set(f"key:{n}", n)
        # It may run over by the writes between two checks, never further.
        assert entries(tmp_path) <= 20 + 10
    assert entries(tmp_path) < 200


def test_it_lists_the_folder_once_per_check_every_writes(tmp_path, monkeypatch):
    cache = folder_cache(tmp_path, MAX_ENTRIES=1000, CHECK_EVERY=50)
    listings = []
    original = FolderCache._list_cache_files
    monkeypatch.setattr(
        FolderCache, "_list_cache_files", lambda self: listings.append(1) or original(self)
    )
    for n in range(100):
        cache.set(f"key:{n}", n)
    assert len(listings) == 2  # Django's own lists it before each of the 100 writes
