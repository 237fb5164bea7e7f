"""Charts and maps, each drawn once for the pages and the documents (matplotlib charts; map
specifications drawn as SVG on pages and by matplotlib in documents)."""
