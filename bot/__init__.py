"""The assistant: custom actions, training data, conversation storage and its privacy rules.

Nothing here does work at import time: rasa and rasa-sdk import these modules at start-up.
"""
