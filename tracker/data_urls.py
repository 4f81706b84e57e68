# Included by tracker/urls.py at the site root, inside the "tracker" namespace
# (the private calendar feed lives here).
urlpatterns: list = []
