"""Stage 3, render: Jinja2 templates and the runtime files into Python sources."""
