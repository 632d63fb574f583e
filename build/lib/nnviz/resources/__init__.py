"""Data files shipped with nnviz (icons, example files, lessons). See nnviz.resources_path."""
