"""Run the lesson player: `python server.py [--captions DIR] [--media DIR] [--host] [--port]`."""

import sys

from player.cli import serve

if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
