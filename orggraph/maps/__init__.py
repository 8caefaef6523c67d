"""Interactive network maps: self-contained HTML pages that work offline from file://."""
from .build import MapMeta, MapSettings, render_map, write_map
from .views import VIEWS, ViewError, render_view

__all__ = ["MapMeta", "MapSettings", "render_map", "write_map", "VIEWS", "ViewError",
           "render_view"]
