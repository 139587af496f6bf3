"""The stored counts: changes by day (`Flow`), open counts at every month end (`Stock`), what each subject adds
(`Contribution`) and how far the month ends go (`Horizon`). See the package docstring for why four tables."""

from django.db import models

KEY_FIELDS = ("measure", "scope", "region", "district", "sex", "age_group", "category", "status")


class _Keyed(models.Model):
    """The key of a count: a topic's measure and the categories it is counted by ('' where a topic has none)."""

    topic = models.CharField(max_length=40)
    measure = models.CharField(max_length=20)
    scope = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=20, blank=True)
    district = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=2, blank=True)
    age_group = models.CharField(max_length=8, blank=True)
    category = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Flow(_Keyed):
    """`n` = how much the number open under the key changes on `day` (+1 opens, -1 closes)."""

    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "day", *KEY_FIELDS], name="aggregates_flow_key")]


class Stock(_Keyed):
    """`n` = the number open under the key at the end of `month_end` (the sum of the flows up to that day)."""

    month_end = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "month_end", *KEY_FIELDS], name="aggregates_stock_key")]


class Contribution(models.Model):
    """The facts of one subject (a person, a case) as last counted: their flows are what a refresh subtracts."""

    topic = models.CharField(max_length=40)
    subject = models.BigIntegerField()
    facts = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "subject"], name="aggregates_contribution_key")]


class Horizon(models.Model):
    """The last month end a topic's `Stock` is kept for; later days read the stock there plus the flows after it."""

    topic = models.CharField(max_length=40, primary_key=True)
    until = models.DateField()
