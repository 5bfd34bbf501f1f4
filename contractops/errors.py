"""Errors whose message is for the user (the CLI prints them as one line, exit 2)."""


class PipelineError(RuntimeError):
    """A run that could not start or did not succeed; the message is for the user."""
