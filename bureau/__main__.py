from bureau.cli import entry_point

entry_point()
