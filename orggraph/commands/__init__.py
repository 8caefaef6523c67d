"""One module per analysis command; each defines a click command named `command`."""
