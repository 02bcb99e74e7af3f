"""Pictures of the model's states: SVG strings and one matplotlib figure.

Pure functions (state in, picture out); no widgets here.
"""
