"""Start the action server bound to loopback, with the place gazetteer warming up meanwhile.

rasa-sdk binds every interface by default and has no authentication, so we bind 127.0.0.1
unless ACTION_SERVER_HOST says otherwise (a private network in a scaled-out deployment).
Usage: python -m bot.action_server [rasa-sdk options, e.g. --port 5055]
"""

from __future__ import annotations

import os
import threading
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> None:
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    from bot.actions.dependencies import default_gazetteer

    os.environ["SANIC_HOST"] = os.environ.get("ACTION_SERVER_HOST", "127.0.0.1")
    args = create_argument_parser().parse_args(argv)
    if args.actions is None:
        args.actions = "bot.actions"
    threading.Thread(target=default_gazetteer, name="gazetteer-warmup", daemon=True).start()
    main_from_args(args)


if __name__ == "__main__":
    main()
