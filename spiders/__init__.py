"""The Scrapy spiders and middlewares of the crawl (installed as auditor.spiders)."""
