"""Tools built on the pipeline: schema diff and the golden-sample checks."""
