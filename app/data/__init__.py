"""Reference data that ships with Dita (not user content)."""
