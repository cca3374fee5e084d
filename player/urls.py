"""Every URL the app writes, made here and nowhere else: a page, an API document, a lesson's
file (a video, a poster, a track), a static asset, each named by its route (`endpoint`).

A URL is made for one of two readers:
- served (the default): root-absolute, under the path the app is mounted at
  (`/education/media/sample.mp4`), as the browser must ask the server for it;
- exported: relative to the file of the static site the response is written into
  (`../../media/sample.mp4` from `lessons/sample/index.html`), so the site works under any
  path prefix on any host. The export asks for it by naming that file in the request's
  environ (EXPORTED_AS); nothing is rewritten afterwards, so a publisher's words that look
  like a path stay as written.

`site_path` is the export's layout: where each route's answer lives in the site.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from flask import current_app, request, url_for

# The environ key the export sets: the site file (e.g. "lessons/sample/index.html") that
# this response is written into. An HTTP request cannot set it (headers become HTTP_*).
EXPORTED_AS = "lesson_player.exported_as"

# Where the export puts the answers of the routes whose path is not already a file's: a page
# is a folder's index.html (its URL ends in "/"), an API answer a .json file. Any other
# route (static files, media, tracks, transcript downloads) keeps its server path.
_SITE_PATHS = {
    "pages.index": "",
    "pages.catalogue": "lessons/",
    "pages.lesson": "lessons/{slug}/",
    "api.lessons": "api/lessons.json",
    "api.lesson": "api/lessons/{slug}.json",
    # The search page: in the export, the page that queries Pagefind (player/export_search.py)
    "search.page": "search/",
}


def url(endpoint: str, **values) -> str:
    """The URL of route `endpoint` (with `values`) for the reader of this response."""
    document = exported_as()
    if document is None:
        return url_for(endpoint, **values)
    return relative(site_path(endpoint, **values), document)


def exported_as() -> str | None:
    """The site file this response is exported as, or None when it is served."""
    return request.environ.get(EXPORTED_AS)


def written_for() -> str:
    """What every URL of this response depends on: the mount path when served, the site
    file when exported. A body cached for one must not be sent for another."""
    document = exported_as()
    return request.script_root if document is None else f"exported as {document}"


def server_path(endpoint: str, **values) -> str:
    """The route's path on the server, without the mount path (`/lessons/sample`)."""
    return current_app.url_map.bind("").build(endpoint, values)


def site_path(endpoint: str, **values) -> str:
    """Where the route's answer lives in the exported site, as a URL path from the site's
    top: "lessons/sample/" (a folder, served by its index.html), "api/lessons.json",
    "media/sample.mp4"."""
    if endpoint in _SITE_PATHS:
        return _SITE_PATHS[endpoint].format(**values)
    return server_path(endpoint, **values).lstrip("/")


def site_file(where: str) -> str:
    """The file that answers the site path `where` ("lessons/sample/" -> its index.html)."""
    return unquote(where + "index.html" if where == "" or where.endswith("/") else where)


def relative(where: str, document: str) -> str:
    """The site path `where` as a URL relative to the site file `document`; a folder's
    URL keeps its final "/" (a static host serves its index.html)."""
    found = posixpath.relpath(where or ".", posixpath.dirname(document) or ".")
    if where == "" or where.endswith("/"):
        return "./" if found == "." else found + "/"
    return found
