"""Kroniek in the browser: a read-only web app and JSON API over a chronicle (see app.py)."""
