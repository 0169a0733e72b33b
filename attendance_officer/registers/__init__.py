"""Statutory registers: the one write path for marks, the Education mirror and the register API."""
