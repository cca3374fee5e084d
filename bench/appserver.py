"""`python -m bench.appserver CAPTIONS MEDIA`: our app on a free loopback port in a
process of its own, printing its URL. Used where a request may run for minutes (a cold
parse of 100k cues) and must be stoppable."""

from __future__ import annotations

import logging
import sys


def main() -> None:
    from werkzeug.serving import make_server

    from player import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(captions_dir=sys.argv[1], media_dir=sys.argv[2])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
