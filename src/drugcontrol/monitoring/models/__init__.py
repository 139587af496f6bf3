from drugcontrol.monitoring.models.cases import Case, CaseStep
from drugcontrol.monitoring.models.crawls import Crawl, Fetch
from drugcontrol.monitoring.models.sites import Site, SiteLink

__all__ = ["Case", "CaseStep", "Crawl", "Fetch", "Site", "SiteLink"]
