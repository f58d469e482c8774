"""Chat with a running assistant in the terminal, through its REST webhook.

Usage: python scripts/chat.py [--url http://localhost:5005]
Buttons are shown numbered; type the number to press one. Ctrl-D or Ctrl-C leaves.
Each run is a new conversation with a random id; type "forget me" to delete it on the server.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, text: str) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:5005", help="Rasa server (default %(default)s)")
    args = parser.parse_args()
    sender = uuid.uuid4().hex
    buttons: list = []
    print("Connected. Type a message (Ctrl-D to leave).")
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.strip().isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = send(args.url, sender, text)
        except (urllib.error.URLError, OSError) as error:
            print(f"Cannot reach the assistant at {args.url} ({error}). Is `make run` going?", file=sys.stderr)
            continue
        buttons = []
        for reply in replies:
            print(reply.get("text") or "")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"  [{len(buttons)}] {button['title']}")


if __name__ == "__main__":
    sys.exit(main())
