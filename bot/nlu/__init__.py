"""Our own NLU components (config.yml names them by module path)."""
