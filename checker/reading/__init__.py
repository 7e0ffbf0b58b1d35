"""Reading a declaration: bytes to located data, the schema and its errors, near misses."""
