"""Stage 2, model: the intermediate model, the schema classes, the codecs and the naming rule."""
