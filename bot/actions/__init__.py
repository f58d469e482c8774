"""Custom actions. rasa-sdk imports every module here at start-up and instantiates every
non-abstract Action subclass with no arguments, so dependencies have production defaults
(see dependencies.py) and nothing heavy happens at import time.
"""
