#!/bin/sh
# Print the path of a working Python 3.10 (Rasa 3.6 needs Python < 3.11), or explain and fail.
for candidate in "${PYTHON310:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 \
    "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        exit 0
    fi
done
echo "error: Python 3.10 was not found. Rasa 3.6 needs Python 3.10 (pip refuses 3.11)." >&2
echo "Install it (for example 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10." >&2
exit 1
