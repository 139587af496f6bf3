"""The graph of a network of shops: its sites on a circle, the links between them labelled by what they share.
Drawn as inline SVG on the server (no script: the Content Security Policy stays strict)."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from drugcontrol.http import client_ip, page_errors
from drugcontrol.monitoring.access import require_monitor
from drugcontrol.monitoring.actions.networks import network_of

SIZE = 520
RADIUS = 190


@login_required
@page_errors
def network_page(request: HttpRequest, site_id: int) -> HttpResponse:
    require_monitor(request.user, action="network", remote_addr=client_ip(request))
    sites, links = network_of(site_id)
    centre = SIZE / 2
    positions = {}
    for i, site in enumerate(sites):
        angle = 2 * math.pi * i / max(1, len(sites)) - math.pi / 2
        positions[site.pk] = (round(centre + RADIUS * math.cos(angle), 1), round(centre + RADIUS * math.sin(angle), 1))
    nodes = [{"site": s, "x": positions[s.pk][0], "y": positions[s.pk][1], "centre": s.pk == site_id} for s in sites]
    edges = [
        {"link": link, "x1": positions[link.site_a_id][0], "y1": positions[link.site_a_id][1],
         "x2": positions[link.site_b_id][0], "y2": positions[link.site_b_id][1],
         "mx": (positions[link.site_a_id][0] + positions[link.site_b_id][0]) / 2,
         "my": (positions[link.site_a_id][1] + positions[link.site_b_id][1]) / 2}
        for link in links
    ]  # fmt: skip
    return render(request, "monitoring/network.html", {"nodes": nodes, "edges": edges, "size": SIZE,
                                                       "links": links, "sites": sites})  # fmt: skip
