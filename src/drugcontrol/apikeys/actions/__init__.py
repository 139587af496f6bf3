from drugcontrol.apikeys.actions.keys import (
    KeyRefused,
    ScopeRefused,
    do_authenticate_call,
    do_create_api_key,
    do_revoke_api_key,
)

__all__ = ["KeyRefused", "ScopeRefused", "do_authenticate_call", "do_create_api_key", "do_revoke_api_key"]
