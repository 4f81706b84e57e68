import pytest

from guidance.models import Part, Practice, ReadingProgress, Status


def test_it_lists_the_published_guide_with_summaries_and_reading_times(client):
    response = client.get("/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    practice = Practice.objects.get(slug="value-the-little-things")
    assert practice.title in html
    assert practice.summary in html
    assert "min read" in html
    assert 'aria-current="page"' in html


def test_it_hides_drafts(client, make_part):
    make_part(title="A secret draft", status=Status.DRAFT)
    assert "A secret draft" not in client.get("/guide/").content.decode()


def test_it_has_a_title_and_description(client):
    html = client.get("/guide/").content.decode()
    assert "<title>The guide · Steady</title>" in html
    assert '<meta name="description" content="A plain, warm guide' in html


def test_it_counts_the_parts_a_reader_has_read(owner_client, owner):
    total = Part.objects.published().count() + Practice.objects.published().count()
    ReadingProgress.objects.create(user=owner, practice=Practice.objects.first())
    ReadingProgress.objects.create(user=owner, part=Part.objects.first())
    html = owner_client.get("/guide/").content.decode()
    assert f"2 of {total} parts read" in html


def test_it_does_not_count_another_readers_progress(owner_client, other_user):
    ReadingProgress.objects.create(user=other_user, practice=Practice.objects.first())
    assert "0 of " in owner_client.get("/guide/").content.decode()


def test_a_signed_out_reader_sees_no_count(client):
    assert "parts read" not in client.get("/guide/").content.decode()


@pytest.mark.parametrize("factor", [1, 10])
def test_it_makes_the_same_few_queries_however_long_the_guide(
    owner_client, grow_guide, django_assert_num_queries, factor
):
    grow_guide(factor)
    # User (the session comes from the session cache), parts, practices, this reader's
    # progress.
    with django_assert_num_queries(4):
        response = owner_client.get("/guide/")
    assert response.status_code == 200


@pytest.mark.parametrize("factor", [1, 10])
def test_it_makes_two_queries_for_a_signed_out_reader(
    client, grow_guide, django_assert_num_queries, factor
):
    grow_guide(factor)
    with django_assert_num_queries(2):
        client.get("/guide/")
