"""Channel connectors, hardened: they validate input and never log what users write."""
