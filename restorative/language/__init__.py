"""Restorative language: the engine, its lexicon, and (later) the Django app around them.

The engine modules (lexicon, morphology, engine) are pure Python and import without Django
settings, so partners can run the checker from the command line:
``python -m restorative.language check [--json] [--jsonl] [--lexicon FILE] [PATH|-]...``
"""
