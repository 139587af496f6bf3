"""Create, revoke and use a system's key; each writes its audit row in its own transaction."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drugcontrol.apikeys import tokens
from drugcontrol.apikeys.models import ApiKey
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.audit.actions import acting_user, do_record_event

SYSTEM_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
ACCOUNT_PREFIX = "system."
OBJECT_TYPE = "apikeys.key"


class KeyRefused(Exception):
    """The key is absent, malformed, unknown, revoked or expired: the caller is not authenticated (401)."""


class ScopeRefused(Exception):
    """The key is valid but does not hold the scope of the operation (403)."""


class InvalidKeyRequest(ValueError):
    """An administrator's request for a key that cannot be granted; the message says which field is wrong."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _hash_secret() -> bytes:
    return settings.API_KEY_HASH_SECRET.encode()


def _system_account(system: str) -> Any:
    """The system's own account: no usable password, so nobody logs in with it; keys of one system share it."""
    user_model = get_user_model()
    account, created = user_model.objects.get_or_create(username=ACCOUNT_PREFIX + system)
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def _grant_police_role(account: Any) -> None:
    """The police check asks for the police role of the caller; a system with the scope holds that role."""
    from drugcontrol.registry.models import Role, StaffProfile

    profile, _created = StaffProfile.objects.get_or_create(user=account, defaults={"role": Role.POLICE})
    if profile.role != Role.POLICE:
        raise InvalidKeyRequest(_("this system's account already holds another registry role"), "scopes")


def check_key_request(system: str, scopes: list[str], expires_at: datetime) -> str:
    """The normalised system name of a key that can be granted, or InvalidKeyRequest naming the field."""
    system = system.strip().lower()
    if not SYSTEM_NAME.match(system):
        raise InvalidKeyRequest(
            _("the system name must be 2 to 63 lowercase Latin letters, digits, dots, hyphens or underscores"),
            "system",
        )
    account = get_user_model().objects.filter(username=ACCOUNT_PREFIX + system).first()
    if account is not None and account.has_usable_password():
        raise InvalidKeyRequest(_("the name %(name)s belongs to a person's account") % {"name": system}, "system")
    unknown = sorted(set(scopes) - set(Scope.values))
    if not scopes or unknown:
        raise InvalidKeyRequest(
            _("choose one or more scopes among %(scopes)s") % {"scopes": ", ".join(Scope.values)}, "scopes"
        )
    now = timezone.now()
    if not now < expires_at <= now + timedelta(days=settings.API_KEY_MAX_DAYS):
        raise InvalidKeyRequest(
            _("a key expires in the future, at most %(days)s days from now") % {"days": settings.API_KEY_MAX_DAYS},
            "expires_at",
        )
    return system


def do_create_api_key(
    *, system: str, scopes: list[str], expires_at: datetime, actor: Any, remote_addr: str = ""
) -> tuple[ApiKey, str]:
    """A new key for `system`; the token is returned once and only its keyed hash is stored."""
    system = check_key_request(system, scopes, expires_at)
    now = timezone.now()
    fresh = tokens.new_key()
    with transaction.atomic():
        account = _system_account(system)
        if Scope.POLICE_CHECK in scopes:
            _grant_police_role(account)
        key = ApiKey.objects.create(
            system=system,
            account=account,
            prefix=fresh.prefix,
            digest=tokens.digest(fresh.token, _hash_secret()),
            scopes=sorted(set(scopes)),
            created_at=now,
            created_by=acting_user(actor),
            expires_at=expires_at,
        )
        do_record_event(
            actor=actor,
            action="apikeys.create",
            object_type=OBJECT_TYPE,
            object_id=key.prefix,
            remote_addr=remote_addr,
            details={"system": system, "scopes": key.scopes, "expires_at": expires_at.isoformat()},
        )
    return key, fresh.token


def do_revoke_api_key(key: ApiKey, *, actor: Any, remote_addr: str = "") -> ApiKey:
    """From now on the key is refused (401); revoking twice keeps the first time."""
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = acting_user(actor)
            key.save(update_fields=["revoked_at", "revoked_by"])
            do_record_event(
                actor=actor,
                action="apikeys.revoke",
                object_type=OBJECT_TYPE,
                object_id=key.prefix,
                remote_addr=remote_addr,
                details={"system": key.system},
            )
    return key


def _refuse(key: ApiKey | None, prefix: str, reason: str, *, scope: str, method: str, path: str, addr: str) -> None:
    do_record_event(
        actor=key.account if key is not None else "",
        action="apikeys.refused",
        object_type=OBJECT_TYPE,
        object_id=prefix,
        purpose=scope,
        remote_addr=addr,
        details={"reason": reason, "method": method, "path": path, "system": key.system if key else ""},
    )


def do_authenticate_call(token: str, *, scope: str, method: str, path: str, remote_addr: str = "") -> ApiKey:
    """The key of a call that may proceed, audited under the system's name; refusals are audited too."""
    parsed = tokens.parse_key(token)
    if parsed is None:
        raise KeyRefused(_("the API key is malformed"))
    key = ApiKey.objects.select_related("account").filter(prefix=parsed.prefix).first()
    now = timezone.now()
    where = {"scope": scope, "method": method, "path": path, "addr": remote_addr}
    if key is None or not tokens.matches(parsed.token, key.digest, _hash_secret()):
        _refuse(None, parsed.prefix, "unknown", **where)
        raise KeyRefused(_("the API key is not valid"))
    if key.revoked_at is not None:
        _refuse(key, key.prefix, "revoked", **where)
        raise KeyRefused(_("the API key has been revoked"))
    if key.expires_at <= now:
        _refuse(key, key.prefix, "expired", **where)
        raise KeyRefused(_("the API key has expired"))
    if scope not in key.scopes:
        _refuse(key, key.prefix, "scope", **where)
        raise ScopeRefused(_("the API key does not hold the scope %(scope)s") % {"scope": scope})
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        do_record_event(
            actor=key.account,
            action="apikeys.call",
            object_type=OBJECT_TYPE,
            object_id=key.prefix,
            purpose=scope,
            remote_addr=remote_addr,
            details={"system": key.system, "method": method, "path": path},
        )
    return key
