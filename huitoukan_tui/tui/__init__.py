"""The terminal user interface (Textual). Imported only when the TUI starts: cron commands
never load Textual."""
