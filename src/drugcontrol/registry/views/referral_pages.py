"""Referrals to a narcologist's examination, as the facility of the person's region sees them (audited list)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from drugcontrol.http import client_ip, page_errors
from drugcontrol.registry.actions.referrals import do_list_referrals


@login_required
@page_errors
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = do_list_referrals(request.user, remote_addr=client_ip(request))
    return render(request, "registry/referrals.html", {"referrals": referrals})
