from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/home.html")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/index.html", {"nav": "guide"})


@require_GET
def professional_help(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/professional_help.html", {"nav": "guide"})
