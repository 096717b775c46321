"""Code scanning in the application: the keyboard-wedge scanner that the UI feeds with key presses."""
