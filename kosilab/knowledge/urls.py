from django.urls import URLPattern, URLResolver, path

from kosilab.knowledge.views import compare, library, network, own_profile, proposals

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    # The library: search, a profile, its history, the world list, the timeline (views/library.py).
    path("", library.library, name="library"),
    path("world/", library.world, name="world"),
    path("timeline/", library.timeline, name="timeline"),
    path("labs/<slug:slug>/", library.profile_detail, name="profile"),
    path("labs/<slug:slug>/history/", library.profile_history, name="history"),
    path("labs/<slug:slug>/history/<int:number>/", library.revision_detail, name="revision"),
    # Proposals and their review, checks of facts, a lab's own profile (views/proposals.py, views/own_profile.py).
    path("propose/", proposals.propose_new, name="propose"),
    path("labs/<slug:slug>/propose/", proposals.propose_edit, name="propose_edit"),
    path("labs/<slug:slug>/check/", proposals.facts_check, name="facts_check"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/accept/", proposals.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/reject/", proposals.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("own/<slug:lab_slug>/", own_profile.own_profile, name="own_profile"),
]

# Compare your lab and the network of labs (views/compare.py, views/network.py).
urlpatterns += [
    path("compare/<slug:lab_slug>/", compare.similar, name="similar"),
    path("compare/<slug:lab_slug>/side-by-side/", compare.side_by_side, name="side_by_side"),
    path("compare/<slug:lab_slug>/side-by-side.pdf", compare.side_by_side_pdf, name="side_by_side_pdf"),
    path("network/", network.network, name="network"),
    path("network/<slug:lab_slug>/", network.network_lab, name="network_lab"),
    path("network/<slug:lab_slug>/relations/<int:pk>/delete/", network.relation_delete, name="relation_delete"),
]
