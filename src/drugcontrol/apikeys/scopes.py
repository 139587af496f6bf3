"""What a system's key may reach: one scope per group of API operations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    POLICE_CHECK = "police_check", _("police check (IINs in, on the register yes/no out)")
    LISTS_READ = "lists:read", _("read the control lists (as of a date, diffs, histories, bundles)")
    IDENTIFY = "identify", _("identify a structure against a list")
    ASSESS = "assess", _("assess a structure (listed, analogue, group, similar)")
    SCREEN = "screen", _("bulk screening of a file against a list (its jobs, progress and results)")
