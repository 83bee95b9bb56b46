"""Export: the Qt-free parts (options, title block, the Word brief). Drawing lives in render/export.py."""
