"""What the tests share: building and editing bundles, running the command line, a browser.

Test modules import from here (`from support.bundles import write_bundle`), never from each other.
"""
