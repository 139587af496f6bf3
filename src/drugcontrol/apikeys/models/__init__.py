from drugcontrol.apikeys.models.keys import ApiKey

__all__ = ["ApiKey"]
