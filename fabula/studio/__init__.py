"""fabula studio: fix the cast and the speakers by hand in a browser.

`session.py` is the library side (a work open for review: edits, saving,
re-inference, exports), `views.py` what the page is sent, `exports.py` the
outputs, `server.py` the local web server, `static/` the page itself.
"""
