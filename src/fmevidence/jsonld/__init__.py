"""schema.org JSON-LD: the project's own context, an offline pyld loader, and the exporters."""
