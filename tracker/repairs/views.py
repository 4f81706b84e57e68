"""The repair page (offered once after a miss or a late arrival, editable later) and the
journal's list of repairs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods

from tracker.commitments.models import CheckIn
from tracker.commitments.rows import STATE_LABELS, history_when
from tracker.http import render_page, safe_next_url
from tracker.repairs import services
from tracker.repairs.forms import RepairForm
from tracker.repairs.models import REPAIRABLE_STATES, Repair

# An acknowledgement to start from: plain, no excuses. The helper edits it freely.
STARTERS = {
    CheckIn.State.MISSED: "I didn’t do “{title}” ({when}) as I said I would.",
    CheckIn.State.LATE: "I was late for “{title}” ({when}).",
}


def _checkin(request: HttpRequest, pk: int) -> CheckIn:
    checkin = get_object_or_404(
        CheckIn.objects.for_user(request.user).select_related(
            "commitment__person", "commitment__practice", "repair__follow_up"
        ),
        pk=pk,
    )
    if checkin.state not in REPAIRABLE_STATES and not hasattr(checkin, "repair"):
        raise Http404("Repairs follow a miss or a late arrival.")
    return checkin


@login_required
@require_http_methods(["GET", "POST"])
def repair(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _checkin(request, pk)
    user = request.user
    existing = getattr(checkin, "repair", None)
    commitment = checkin.commitment
    next_url = safe_next_url(request, commitment.get_absolute_url())
    when = history_when(checkin, user.zone, user.local_today())
    instance = existing or Repair(checkin=checkin)
    initial = {}
    if existing is None:
        starter = STARTERS.get(checkin.state, "")
        initial = {
            "acknowledgement": starter.format(title=commitment.title, when=when),
            "promise_title": "",
        }
    form = RepairForm(request.POST or None, instance=instance, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_repair(
            checkin=checkin,
            acknowledgement=data["acknowledgement"],
            note_for_them=data["note_for_them"],
            next_step=data.get("next_step") if form.offers_a_promise else None,
            promise_title=data.get("promise_title", ""),
            promise_due_at=data.get("promise_due_at"),
        )
        messages.success(request, "Your repair is saved. Owning it plainly is how trust grows.")
        return HttpResponseRedirect(next_url)
    context = {
        "nav": "today",
        "checkin": checkin,
        "commitment": commitment,
        "when": when,
        "state_label": STATE_LABELS[checkin.state],
        "form": form,
        "repair": existing,
        "next_url": next_url,
        "shared": commitment.shared,
    }
    return render_page(
        request, "tracker/repairs/repair.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def journal_repairs(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = user.local_today()
    repairs = [
        (r, history_when(r.checkin, user.zone, today), STATE_LABELS[r.checkin.state])
        for r in Repair.objects.for_user(user).newest_first()[:200]
    ]
    return render_page(
        request, "tracker/repairs/journal_repairs.html", {"nav": "journal", "repairs": repairs}
    )
