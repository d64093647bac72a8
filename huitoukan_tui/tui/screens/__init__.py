"""One module per screen. A module that defines ``SCREEN`` can be opened by name with
``HuitoukanApp.action_open_screen`` and appears in the help screen."""
