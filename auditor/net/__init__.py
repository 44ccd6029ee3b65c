"""URLs and the network: URL forms and sets, which addresses may be fetched, one urllib GET,
and the fetch-failure vocabulary (reason codes and their Chinese wording)."""
