"""What a serving process does once Django is set up (``komek/wsgi.py``)."""

import gc


def settle() -> None:
    """Leave what start-up loaded out of the garbage collector's rounds. The modules,
    models, translations and dictionaries loaded at start live as long as the process, but
    each full collection went over all of them again (some 200,000 objects): it paused
    whichever request was running for tens of milliseconds, the dashboard's slowest
    renders. New objects are collected as before."""
    gc.freeze()
