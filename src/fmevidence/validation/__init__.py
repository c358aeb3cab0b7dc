"""Validation of structured data: JSON Schema profiles and the schema.org vocabulary."""
