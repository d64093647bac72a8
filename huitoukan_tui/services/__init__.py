"""The service layer: the one API that the TUI, the CLI, the exports and the tests call."""
