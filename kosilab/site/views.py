"""Pages that span the domain apps: the start page and the desk of lab managers."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from kosilab.challenges.selectors import draft_challenges, open_challenges, with_challenge_counts
from kosilab.core.pagecache import anonymous_page_cache, kept_fragment
from kosilab.labs.selectors import lab_list, labs_run_by
from kosilab.processes.selectors import running_processes, steered_processes, with_process_counts
from kosilab.site.cockpit import cockpit


@anonymous_page_cache
def home(request: HttpRequest) -> HttpResponse:
    def cards() -> str:
        context = {
            "labs": lab_list(request.user)[:12],
            "challenges": open_challenges(request.user)[:6],
            "processes": running_processes(request.user)[:6],
        }
        return render_to_string("site/_home_body.html", context, request=request)

    # What the reader may see of labs, challenges and processes: kept for their audience.
    return render(request, "site/home.html", {"body": kept_fragment(request, "site:home", render=cards)})


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The cockpit of lab managers and facilitators: what waits for them today, this week, the
    playbook's progress and the tools of each of their labs (docs/cockpit.md)."""
    labs = list(with_process_counts(with_challenge_counts(labs_run_by(request.user))).order_by("name", "pk"))
    context = {
        "labs": labs,
        # What waits today, this week, the playbooks and the tools: only for those who run a lab.
        "cockpit": cockpit(request.user, labs) if labs else None,
        "drafts": draft_challenges(request.user)[:10],
        "processes": steered_processes(request.user)[:20],
        # Asked of the rules alone: Django's permission backend would add two queries for a "no".
        "can_export_research": rules.has_perm("research.export", request.user),
        "can_build_open_data": rules.has_perm("opendata.request_build", request.user),
    }
    return render(request, "site/manage.html", context)
