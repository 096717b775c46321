"""Reusable touch widgets: labels and buttons by role, tiles, keypads, banners, button grids."""
