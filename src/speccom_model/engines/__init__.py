"""
Engines that resolve activity at scale by joining the responsibility table.

Each engine is its own module behind its own extra, so importing this package
imports none of them.
"""
