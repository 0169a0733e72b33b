"""The rules core: every statutory attendance rule, once, over plain values.

Nothing here imports frappe (a test enforces it). The Frappe shell and the standalone
runner fetch rows, call these functions and store or show the result.
"""
