from . import html_editor
