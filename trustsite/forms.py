"""The form renderer: Django's templates, with one field template for every form."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms are drawn with the project's template engine (so `templates/forms/` can hold
    the field template), and every field with `forms/field.html`."""

    field_template_name = "forms/field.html"
