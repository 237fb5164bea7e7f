"""Charts and maps, each drawn once for the pages and the documents (matplotlib charts; map specifications with a pydeck and a matplotlib renderer)."""
