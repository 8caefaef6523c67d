"""Interactive network maps: self-contained HTML pages that work offline from file://."""
from .build import MapMeta, MapSettings, render_map, write_map
from .view import ViewError
from .views import REGISTRY, VIEWS, build_view, render_view

__all__ = ["MapMeta", "MapSettings", "render_map", "write_map", "REGISTRY", "VIEWS", "ViewError",
           "build_view", "render_view"]
