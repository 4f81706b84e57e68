from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def today(request: HttpRequest) -> HttpResponse:
    return render(request, "tracker/placeholder.html", {"nav": "today"})


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "tracker/placeholder.html", {"nav": "account"})


def signup(request: HttpRequest) -> HttpResponse:
    return render(request, "tracker/placeholder.html", {"nav": "signup"})


@login_required
def commitment_new(request: HttpRequest) -> HttpResponse:
    return render(request, "tracker/placeholder.html", {"nav": "today"})


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "tracker/placeholder.html", {"nav": "today"})
