"""URLs and the network: URL forms, what may be fetched, and why a fetch failed.

URL forms and sets, which addresses may be fetched, one urllib GET, and the fetch-failure
vocabulary (reason codes and their Chinese wording).
"""
