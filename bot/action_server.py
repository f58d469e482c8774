"""Start the action server: bound to loopback, no conversation data in error logs or replies.

rasa-sdk binds every interface by default, has no authentication, and on an unexpected error
logs and returns the whole request body (every message of the conversation). Here the server
binds 127.0.0.1 unless ACTION_SERVER_HOST says otherwise (a private network when scaled out),
errors are logged by type and action name only, and the gazetteer and place-name helpers warm up in the background.
Usage: python -m bot.action_server [--port 5055] [other rasa-sdk options]
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, List, Optional

logger = logging.getLogger(__name__)


def private_error_handler(request: Any, exception: Exception):  # type: ignore[no-untyped-def]
    from sanic import response

    action = (request.json or {}).get("next_action") if request.method == "POST" else None
    logger.error("Action %s failed: %s", action if isinstance(action, str) else "?", type(exception).__name__)
    return response.json({"error": "the action failed; see the action server log"}, status=500)


def create_private_app(cors_origins: Any = "*"):  # type: ignore[no-untyped-def]
    from rasa_sdk.endpoint import create_app

    app = create_app("bot.actions", cors_origins=cors_origins)
    app.error_handler.add(Exception, private_error_handler)
    return app


def main(argv: Optional[List[str]] = None) -> None:
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_argument_parser
    from rasa_sdk.plugin import plugin_manager

    from bot.actions.dependencies import warm_up

    args = create_argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    host = os.environ.get("ACTION_SERVER_HOST", "127.0.0.1")
    app = create_private_app(args.cors)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    threading.Thread(target=warm_up, name="places-warmup", daemon=True).start()
    logger.info("Action server listening on http://%s:%s", host, args.port)
    app.run(host, args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
