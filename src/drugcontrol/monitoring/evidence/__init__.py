"""Evidence of what a crawl saw, as a prosecutor can attach it: pure core, no Django.

``warc.WarcRecorder`` writes every fetch as a WARC request/response pair (warcio) with the SHA-256 of the
payload and the UTC time of the fetch; ``package.build_package`` puts a case's WARC records, hashes, a manifest and
screenshots into one zip, and ``package.verify_package`` checks such a zip offline and says what it checked.
"""
