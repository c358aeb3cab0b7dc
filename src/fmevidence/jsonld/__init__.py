"""schema.org JSON-LD: the project\x27s own context, an offline pyld loader, and the exporters."""
