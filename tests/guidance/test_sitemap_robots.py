from guidance.models import Status


def test_the_sitemap_lists_published_pages_only(client, make_practice):
    make_practice(slug="unfinished", status=Status.DRAFT)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "/guide/value-the-little-things/</loc>" in xml
    assert "/guide/professional-help/</loc>" in xml
    assert "/guide/unfinished/" not in xml
    assert "<lastmod>" in xml


def test_robots_points_to_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /today/" in text
