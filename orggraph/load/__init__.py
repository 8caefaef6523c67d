"""Reading a bundle, checking it, and applying it to a store (load.py); writing one (bundle_writer.py)."""
