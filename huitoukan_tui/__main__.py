from huitoukan_tui.cli import main

main()
