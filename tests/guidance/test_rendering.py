from guidance.models import Practice
from guidance.rendering import render


def test_it_strips_a_script_tag_and_its_content():
    html = render("Hello <script>alert('x')</script> there").html
    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html


def test_it_strips_an_onerror_attribute():
    html = render(
        '<p onerror="alert(1)" onclick="steal()">Hi</p>\n\n<img src=x onerror=alert(1)>'
    ).html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_it_strips_a_javascript_link():
    html = render('[click](javascript:alert(1)) and <a href="javascript:alert(2)">raw</a>').html
    assert 'href="javascript' not in html.lower()
    assert "raw" in html


def test_it_removes_inline_styles():
    html = render('<p style="color:red">Styled</p>').html
    assert "style=" not in html
    assert "Styled" in html


def test_it_keeps_headings_emphasis_lists_links_and_quotes():
    html = render(
        "## Heading\n\n*soft* and **strong**\n\n- one\n- two\n\n1. first\n\n"
        "> a quote\n\n[a link](https://example.org/)"
    ).html
    for tag in ("<h2>", "<em>", "<strong>", "<ul>", "<ol>", "<li>", "<blockquote>"):
        assert tag in html
    assert 'href="https://example.org/"' in html


def test_it_gives_plain_text_and_a_reading_time():
    rendered = render("## Title\n\n" + "word " * 450)
    assert "<" not in rendered.text
    assert rendered.text.startswith("Title word")
    assert rendered.reading_minutes == 3


def test_saving_an_item_stores_its_html_so_views_never_parse_markdown(practice):
    practice.body = "Now with **bold** text."
    practice.save()
    stored = Practice.objects.get(pk=practice.pk)
    assert "<strong>bold</strong>" in stored.body_html
    assert "bold text" in stored.body_text


def test_saving_only_the_body_still_refreshes_the_html(practice):
    practice.body = "Only *this*."
    practice.save(update_fields=["body"])
    assert "<em>this</em>" in Practice.objects.get(pk=practice.pk).body_html
