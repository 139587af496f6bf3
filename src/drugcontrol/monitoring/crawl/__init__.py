"""Crawling for the online-market monitoring: pure core, no Django.

``limits.CrawlLimits`` says how politely and how far to crawl; ``process.run_crawl`` runs one crawl (Scrapy) in a
child process, because Twisted's reactor cannot be started twice in one process, and hands back what the spider
wrote: one ``FetchRecord`` per URL tried (a page with its text and language, or a fetch error with its reason) and
the WARC file of every response received (``drugcontrol.monitoring.evidence``).
"""
