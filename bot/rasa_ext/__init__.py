"""Our code inside Rasa's process: input channels, the tracker store and what they share.

``guard`` and ``seal`` are plain Python (unit-tested in the app environment);
``channels`` and ``tracker_store`` subclass Rasa's classes and run only in the Rasa
environment.
"""
