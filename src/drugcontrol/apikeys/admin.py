"""Administrators create a system's key (shown once), see keys without their secrets, and revoke them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from drugcontrol.apikeys.actions import do_create_api_key, do_revoke_api_key
from drugcontrol.apikeys.actions.keys import InvalidKeyRequest, check_key_request
from drugcontrol.apikeys.models import ApiKey
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.http import client_ip


def _default_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.API_KEY_DEFAULT_DAYS)


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    expires_at = forms.DateTimeField(label=_("expires"), initial=_default_expiry)

    class Meta:
        model = ApiKey
        fields = ["system", "scopes", "expires_at"]
        help_texts = {"system": _("the integrating system's name, e.g. police-gun-permits")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                data["system"] = check_key_request(data["system"], data["scopes"], data["expires_at"])
            except InvalidKeyRequest as exc:
                self.add_error(exc.field, str(exc))
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("system", "prefix", "scope_list", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("system",)
    search_fields = ("system", "prefix")
    actions = ["revoke"]
    readonly_fields = (
        "system",
        "account",
        "prefix",
        "scopes",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    )
    exclude = ("digest",)

    def get_form(self, request: HttpRequest, obj: ApiKey | None = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
            kwargs["fields"] = ["system", "scopes", "expires_at"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False  # a key is revoked, never deleted: its audit rows name it

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        if change:
            return form.instance  # nothing of a key is edited; revoke it and create another
        key, token = do_create_api_key(
            system=form.cleaned_data["system"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data["expires_at"],
            actor=request.user,
            remote_addr=client_ip(request),
        )
        key._token_shown_once = token  # type: ignore[attr-defined]
        return key

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        """The action has saved the key already."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A key has no related objects to save."""

    def response_add(self, request: HttpRequest, obj: ApiKey, post_url_continue: Any = None) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("API key created"),
            "key": obj,
            "token": obj._token_shown_once,  # type: ignore[attr-defined]
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "apikeys/key_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        count = 0
        for key in queryset:
            if key.revoked_at is None:
                do_revoke_api_key(key, actor=request.user, remote_addr=client_ip(request))
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
