"""Bản tin: a static site generator for an archive of Vietnamese Party-news articles."""

__version__ = "0.1.0"
