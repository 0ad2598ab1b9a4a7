"""`python -m kroniek` runs the command-line interface (handy in a checkout that is not installed)."""

from kroniek.cli import app

if __name__ == "__main__":
    app()
